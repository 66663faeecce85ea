"""Ranking and selection: which of a few candidates is best, and how sure.

Kim and Nelson's fully sequential procedure KN (S.-H. Kim and B. L. Nelson, "A fully
sequential procedure for indifference-zone selection in simulation", ACM TOMACS 11(3),
2001, pp. 251-273) with common random numbers: every candidate's replication ``r`` is the
same simulated town, so the variance of each pair's differences, not of each candidate,
decides how many replications are needed. After a first stage of ``n0`` replications,

    eta = ((2 alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1) / 2,    h2 = 2 eta (n0 - 1),

with ``S2_il`` the first stage's variance of ``X_i - X_l``. At ``r`` replications candidate
``i`` is eliminated when ``mean_i(r) < mean_l(r) - W_il(r)`` for a survivor ``l``, where
``W_il(r) = max(0, delta / (2 r) (h2 S2_il / delta**2 - r))``. It stops with one survivor,
or when ``r`` passes every ``N_il = floor(h2 S2_il / delta**2)``, and then selects the
survivor of largest mean; the probability that it is within ``delta`` of the best is then at
least ``1 - alpha``. Here replications come in batches (one run each), so eliminations are
checked after each batch rather than each replication, which only delays them.

:func:`probability_best` is a separate, after-the-fact estimate: the probability that each
candidate has the largest true mean, under a normal approximation of the means with their
CRN covariances (a posterior with flat priors; Chick and Inoue, Operations Research 49(5),
2001, use the same form).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["KimNelson", "probability_best"]


class KimNelson:
    """The state of procedure KN over ``k`` candidates, maximising, fed by batches.

    ``alpha`` is one minus the target probability of correct selection, ``delta`` the
    indifference zone (in the objective's units): differences smaller than it do not matter.
    """

    def __init__(self, first_stage: np.ndarray, delta: float, alpha: float) -> None:
        values = np.asarray(first_stage, dtype=float)  # replications x candidates
        n0, k = values.shape
        if n0 < 2:
            raise ValueError(f"replications: KN needs a first stage of >= 2 (got {n0})")
        self.delta = float(delta)
        self.values = values
        self.alive = np.ones(k, dtype=bool)
        if k == 1:
            self.h2 = 0.0
            self.s2 = np.zeros((1, 1))
            return
        eta = 0.5 * ((2.0 * alpha / (k - 1)) ** (-2.0 / (n0 - 1)) - 1.0)
        self.h2 = 2.0 * eta * (n0 - 1)
        differences = values[:, :, None] - values[:, None, :]
        self.s2 = differences.var(axis=0, ddof=1)
        self.eliminate()

    @property
    def replications(self) -> int:
        return self.values.shape[0]

    @property
    def done(self) -> bool:
        """One survivor left, or every survivor pair past its ``N_il``."""
        if self.alive.sum() <= 1:
            return True
        pairs = self.s2[np.ix_(self.alive, self.alive)]
        return bool(self.replications > np.floor(self.h2 * pairs / self.delta**2).max())

    def add(self, batch: np.ndarray) -> None:
        """Replications of the survivors (rows x all candidates; eliminated columns NaN)."""
        self.values = np.vstack([self.values, np.asarray(batch, dtype=float)])
        self.eliminate()

    def eliminate(self) -> None:
        r = self.replications
        means = np.nanmean(self.values, axis=0)
        half = np.maximum(0.0, self.delta / (2 * r) * (self.h2 * self.s2 / self.delta**2 - r))
        survivors = np.flatnonzero(self.alive)
        for i in survivors:
            others = survivors[survivors != i]
            if np.any(means[i] < means[others] - half[i, others]):
                self.alive[i] = False
        if not self.alive.any():  # ties eliminated by each other: keep the largest mean
            self.alive[np.flatnonzero(means == means[survivors].max())[0]] = True

    def selected(self, means: np.ndarray) -> int:
        """The survivor of largest mean (``means``: each candidate's over its replications)."""
        survivors = np.flatnonzero(self.alive)
        return int(survivors[np.argmax(means[survivors])])


def probability_best(
    values: Sequence[np.ndarray], draws: int = 20_000, seed: int = 0
) -> np.ndarray:
    """P(candidate i has the largest true mean), for maximising.

    ``values[i]``: candidate ``i``'s per-replication values, replication ``r`` of every
    candidate the same town (CRN); lengths may differ when some stopped earlier (a prefix
    of the others'). The means are drawn from a normal with the CRN covariance
    ``Cov(mean_i, mean_j) = c_ij min(n_i, n_j) / (n_i n_j)``, ``c_ij`` the covariance over
    the replications both have.
    """
    columns = [np.asarray(v, dtype=float) for v in values]
    k = len(columns)
    if k == 1:
        return np.ones(1)
    n = np.array([len(c) for c in columns])
    means = np.array([c.mean() for c in columns])
    cov = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            m = min(n[i], n[j])
            c = np.cov(columns[i][:m], columns[j][:m], ddof=1)[0, 1] if m > 1 else 0.0
            cov[i, j] = cov[j, i] = c * m / (n[i] * n[j])
    # Sample covariances over different spans need not be positive semi-definite.
    w, v = np.linalg.eigh(cov)
    root = v * np.sqrt(np.clip(w, 0.0, None))
    rng = np.random.default_rng(seed)
    drawn = means + rng.standard_normal((draws, k)) @ root.T
    winners = np.argmax(drawn, axis=1)
    return np.bincount(winners, minlength=k) / draws
