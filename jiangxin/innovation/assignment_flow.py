"""The exact engine behind ``assignment``: a primal-dual min-cost flow with cost scaling. No Django.

The network: application nodes (supply: the reviews they still need), expert nodes, and one sink.
An arc application → expert (capacity ``cap``, usually 1, cost ``cost``) per candidate pair; an
expert → sink arc whose cost is convex: the j-th review of an expert costs ``load × (j − 1)``
(j counts the hand-fixed reviews too, which take the first, cheapest places), up to its cap.

Node potentials ``pi`` are kept so that every arc with room left has a reduced cost
``cost + pi[tail] − pi[head] ≥ 0`` and every arc carrying flow has one ``≤ 0`` (complementary
slackness). A *phase* runs Dijkstra (scipy) from the nodes with excess on those non-negative
reduced costs, raises the potentials by the distances (capped at the nearest deficit), and then
pushes a maximum flow (scipy, Dinic) from the excesses to the deficits through the arcs whose
reduced cost is now 0. When no excess is left the flow is optimal and ``pi`` proves it.

Cost scaling: the costs are first divided by 2^S (``c >> S``) so that everything costs 0 or 1,
solved, then the potentials are doubled and one more bit of the costs is let in, and so on down
to the true costs. Each step starts nearly optimal: repairing slackness only moves the arcs whose
newly revealed bit broke it, and a few phases put that right. Without scaling the potentials
would climb one unit per phase (each further review of an expert costs ``load`` more), about a
hundred phases on the benchmark; with it, a dozen.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, dijkstra, maximum_flow

_MANY = 1 << 40  # "every place" when load costs nothing


class Network:
    """Applications ``0..A-1``, experts ``A..A+E-1``, the sink ``A+E``."""

    def __init__(self, need, cap, fixed_load, load: int):
        self.A, self.E = len(need), len(cap)
        self.sink = self.A + self.E
        self.need = np.asarray(need, dtype=np.int64)
        self.cap = np.asarray(cap, dtype=np.int64)
        self.pre = np.asarray(fixed_load, dtype=np.int64)
        self.load = int(load)
        empty = np.zeros(0, dtype=np.int64)
        self.tail, self.head, self.cost, self.room, self.flow = empty, empty, empty, empty, empty
        self.f = self.pre.copy()  # each expert's load, fixed reviews included
        self.pi = np.zeros(self.sink + 1, dtype=np.int64)
        self.scale = 0
        self.phases = 0

    def add_arcs(self, apps, experts, costs, caps=None) -> None:
        """New application → expert arcs, empty (``repair`` fills those priced below zero)."""
        n = len(apps)
        caps = np.ones(n, dtype=np.int64) if caps is None else np.asarray(caps, dtype=np.int64)
        self.tail = np.concatenate([self.tail, np.asarray(apps, dtype=np.int64)])
        self.head = np.concatenate([self.head, np.asarray(experts, dtype=np.int64)])
        self.cost = np.concatenate([self.cost, np.asarray(costs, dtype=np.int64)])
        self.room = np.concatenate([self.room, caps])
        self.flow = np.concatenate([self.flow, np.zeros(n, dtype=np.int64)])

    # the j-th review's cost at the current scale, and how many places cost less (or no more)
    def _marginal(self, j):
        return (self.load * (j - 1)) >> self.scale

    def _places_below(self, d, strict: bool):
        if self.load == 0:
            return np.where(d > 0 if strict else d >= 0, _MANY, 0)
        top = d if strict else d + 1
        return np.where(top > 0, -(-(top << self.scale) // self.load), 0)

    def repair(self) -> None:
        """Restore complementary slackness by moving flow (leaving excesses and deficits)."""
        rc = (self.cost >> self.scale) + self.pi[self.tail] - self.pi[self.A + self.head]
        self.flow = np.where(rc < 0, self.room, np.where(rc > 0, 0, self.flow))
        d = self.pi[self.sink] - self.pi[self.A : self.sink]
        lo = np.clip(self._places_below(d, strict=True), self.pre, self.cap)
        hi = np.clip(self._places_below(d, strict=False), self.pre, self.cap)
        self.f = np.clip(self.f, lo, hi)

    def excess(self):
        ex = np.zeros(self.sink + 1, dtype=np.int64)
        sent = np.bincount(self.tail, self.flow, minlength=self.A).astype(np.int64)
        got = np.bincount(self.head, self.flow, minlength=self.E).astype(np.int64)
        ex[: self.A] = self.need - sent
        ex[self.A : self.sink] = got - (self.f - self.pre)
        ex[self.sink] = (self.f - self.pre).sum() - self.need.sum()
        return ex

    def _residual(self):
        """Every arc with room, as (tail, head, reduced cost, room) and which arc it came from."""
        A, sink, pi, f = self.A, self.sink, self.pi, self.f
        rc = (self.cost >> self.scale) + pi[self.tail] - pi[A + self.head]
        fw, bw = self.flow < self.room, self.flow > 0
        experts = np.arange(self.E)
        m_next, m_last = self._marginal(f + 1), self._marginal(f)
        up, down = f < self.cap, f > self.pre
        if self.load:  # the places at the same marginal cost form one run
            end = np.minimum((((m_next + 1) << self.scale) - 1) // self.load + 1, self.cap)
            start = np.maximum(-(-(m_last << self.scale) // self.load) + 1, self.pre + 1)
            room_up, room_down = end - f, f - start + 1
        else:
            room_up, room_down = self.cap - f, f - self.pre
        tails = np.concatenate(
            [self.tail[fw], A + self.head[bw], A + experts[up], np.full(down.sum(), sink)]
        )
        heads = np.concatenate(
            [A + self.head[fw], self.tail[bw], np.full(up.sum(), sink), A + experts[down]]
        )
        costs = np.concatenate(
            [
                rc[fw],
                -rc[bw],
                (m_next + pi[A:sink] - pi[sink])[up],
                (pi[sink] - pi[A:sink] - m_last)[down],
            ]
        )
        rooms = np.concatenate(
            [(self.room - self.flow)[fw], self.flow[bw], room_up[up], room_down[down]]
        )
        return tails, heads, costs, rooms, (fw, bw, up, down)

    def settle(self):
        """Phases until no excess is left: None, or the node set the excess cannot leave."""
        n = self.sink + 1
        while True:
            ex = self.excess()
            if not (ex > 0).any():
                return None
            tails, heads, costs, rooms, kinds = self._residual()
            assert (costs >= 0).all() and (rooms > 0).all()
            sources, sinks = np.flatnonzero(ex > 0), np.flatnonzero(ex < 0)
            graph = csr_matrix((costs.astype(np.float64), (tails, heads)), shape=(n, n))
            dist = dijkstra(graph, indices=sources, min_only=True)
            reach = dist[sinks].min() if len(sinks) else np.inf
            if not np.isfinite(reach):
                return np.flatnonzero(np.isfinite(dist))
            step = np.minimum(dist, reach).astype(np.int64)
            self.pi += step
            self.phases += 1
            tight = (costs + step[tails] - step[heads]) == 0
            src, dst = n, n + 1
            graph = csr_matrix(
                (
                    np.concatenate([rooms[tight], ex[sources], -ex[sinks]]).astype(np.int32),
                    (
                        np.concatenate([tails[tight], np.full(len(sources), src), sinks]),
                        np.concatenate([heads[tight], sources, np.full(len(sinks), dst)]),
                    ),
                ),
                shape=(n + 2, n + 2),
            )
            moved = maximum_flow(graph, src, dst).flow.tocoo()
            keys = moved.row.astype(np.int64) * (n + 2) + moved.col
            order = np.argsort(keys)
            keys, values = keys[order], moved.data[order]
            want = tails[tight] * (n + 2) + heads[tight]
            at = np.minimum(np.searchsorted(keys, want), max(len(keys) - 1, 0))
            push = np.zeros(len(tails), dtype=np.int64)
            if len(keys):
                push[tight] = np.where(keys[at] == want, np.maximum(values[at], 0), 0)
            fw, bw, up, down = kinds
            a, b, c = fw.sum(), fw.sum() + bw.sum(), fw.sum() + bw.sum() + up.sum()
            self.flow[fw] += push[:a]
            self.flow[bw] -= push[a:b]
            self.f[up] += push[b:c]
            self.f[down] -= push[c:]

    def solve_scaled(self):
        """From zero potentials and no flow, bit by bit: as ``settle``."""
        top = max(int(self.cost.max(initial=0)), self.load * int(self.cap.max(initial=0)), 1)
        self.scale = top.bit_length() - 1
        self.pi[:] = 0
        self.flow[:] = 0
        self.f = self.pre.copy()
        while True:
            self.repair()
            stuck = self.settle()
            if stuck is not None or self.scale == 0:
                return stuck
            self.scale -= 1
            self.pi *= 2


def hall_set(allowed, need, room):
    """The applications (rows) and experts (columns) on the source side of a minimum cut of the
    feasibility flow source → application (``need``) → allowed expert (1) → sink (``room``):
    together those applications need more reviews than their side's experts have places."""
    A, E = allowed.shape
    src, dst = A + E, A + E + 1
    a, e = np.nonzero(allowed)
    tails = np.concatenate([np.full(A, src), a, A + np.arange(E)])
    heads = np.concatenate([np.arange(A), A + e, np.full(E, dst)])
    caps = np.concatenate([need, np.ones(len(a), dtype=np.int64), np.clip(room, 0, None)])
    n = A + E + 2
    graph = csr_matrix((caps.astype(np.int32), (tails, heads)), shape=(n, n))
    flow = maximum_flow(graph, src, dst).flow
    residual = graph - flow  # room left forward, and the flow itself backward (flow is skew)
    residual.data = np.where(residual.data > 0, residual.data, 0)
    residual.eliminate_zeros()
    found = breadth_first_order(residual, src, return_predecessors=False)
    return np.sort(found[found < A]), np.sort(found[(found >= A) & (found < A + E)] - A)
