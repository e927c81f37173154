#!/usr/bin/python3
"""Reference numbers for tst_mcmc's ArviZ comparison (tests/engine/tst_mcmc.cpp).

ArviZ itself is not packaged for Debian 12, so this script carries ArviZ 0.15's formulas,
transcribed with NumPy and SciPy from arviz/stats/diagnostics.py (_ess, _ess_bulk,
_ess_tail, _ess_quantile, _ess_mean, _rhat, _rhat_rank, _z_scale, _backtransform_ranks,
_split_chains, _mcse_mean), arviz/stats/stats_utils.py (autocov, quantile) and
arviz/stats/stats.py (_hdi). They are unchanged in ArviZ 0.15 to 0.17.

The chains are generated here by a rule simple enough to repeat exactly in C++ (the test
does): SplitMix64 → uniforms → Box–Muller normals → stationary AR(1) series, then optionally
shifted, transformed or rounded. Run it and paste the printed rows into the test:

    python3 tests/engine/reference/mcmc_arviz_reference.py   (Debian 12: python3-numpy python3-scipy)
"""
import math

import numpy as np
import scipy
from scipy import stats
from scipy.fftpack import next_fast_len  # as ArviZ imports it
from scipy.stats.mstats import mquantiles

MASK = (1 << 64) - 1


def splitmix64_uniforms(seed, count):
    """Uniforms in [0, 1) from the top 53 bits of SplitMix64 outputs."""
    state = seed
    out = []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out.append((z >> 11) * 2.0**-53)
    return out


def ar1_chains(seed, chains, draws, phi):
    """Stationary AR(1) chains with unit variance: x[t] = phi x[t-1] + sqrt(1 - phi^2) e[t]."""
    u = splitmix64_uniforms(seed, 2 * chains * draws)
    out = np.empty((chains, draws))
    k = 0
    for c in range(chains):
        x = 0.0
        for t in range(draws):
            e = math.sqrt(-2.0 * math.log(1.0 - u[k])) * math.cos(2.0 * math.pi * u[k + 1])
            k += 2
            x = e if t == 0 else phi * x + math.sqrt(1.0 - phi * phi) * e
            out[c, t] = x
    return out


# The stored sets: (name, seed, chains, draws, phi, shift of the last chain, transform).
# transform: "none"; "sinh" = sinh(2x), heavy tails; "round" = round(2x)/2, many ties.
SETS = [
    ("ar1 converged", 1, 4, 400, 0.6, 0.0, "none"),
    ("last chain shifted", 2, 4, 400, 0.6, 1.5, "none"),
    ("heavy tails, odd length", 3, 3, 301, 0.3, 0.0, "sinh"),
    ("ties", 4, 2, 100, 0.5, 0.0, "round"),
    ("strongly autocorrelated", 5, 4, 500, 0.95, 0.0, "none"),
]


def make_set(seed, chains, draws, phi, shift, transform):
    x = ar1_chains(seed, chains, draws, phi)
    x[-1] += shift
    if transform == "sinh":
        x = np.sinh(2.0 * x)
    elif transform == "round":
        x = np.round(2.0 * x) / 2.0  # halves to even, as C++'s std::nearbyint
    return x


# ---- ArviZ 0.15 ----------------------------------------------------------------------------

def autocov(ary):
    n = ary.shape[1]
    m = next_fast_len(2 * n)
    ary = ary - ary.mean(1, keepdims=True)
    f = np.fft.rfft(ary, n=m, axis=1)
    f *= np.conjugate(f)
    cov = np.fft.irfft(f, n=m, axis=1)[:, :n]
    return cov / n


def quantile(ary, q):
    return mquantiles(ary, q, alphap=1, betap=1, axis=None, limit=())


def backtransform_ranks(arr, c=3 / 8):
    return (arr - c) / (arr.size - 2 * c + 1)


def z_scale(ary):
    rank = stats.rankdata(ary, method="average")
    return stats.norm.ppf(backtransform_ranks(rank)).reshape(ary.shape)


def split_chains(ary):
    half = ary.shape[1] // 2
    return np.vstack((ary[:, :half], ary[:, -half:]))


def rhat_(ary):
    _, n = ary.shape
    chain_mean = np.mean(ary, axis=1)
    chain_var = np.var(ary, axis=1, ddof=1)
    between = n * np.var(chain_mean, ddof=1)
    within = np.mean(chain_var)
    return np.sqrt((between / within + n - 1) / n)


def rhat_rank(ary):
    split = split_chains(ary)
    bulk = rhat_(z_scale(split))
    tail = rhat_(z_scale(abs(split - np.median(split))))
    return max(bulk, tail)


def ess_(ary):
    ary = np.asarray(ary, dtype=float)
    if (np.max(ary) - np.min(ary)) < np.finfo(float).resolution:
        return ary.size
    n_chain, n_draw = ary.shape
    acov = autocov(ary)
    chain_mean = ary.mean(axis=1)
    mean_var = np.mean(acov[:, 0]) * n_draw / (n_draw - 1.0)
    var_plus = mean_var * (n_draw - 1.0) / n_draw
    if n_chain > 1:
        var_plus += np.var(chain_mean, ddof=1)
    rho_hat_t = np.zeros(n_draw)
    rho_hat_even = 1.0
    rho_hat_t[0] = rho_hat_even
    rho_hat_odd = 1.0 - (mean_var - np.mean(acov[:, 1])) / var_plus
    rho_hat_t[1] = rho_hat_odd
    t = 1
    while t < (n_draw - 3) and (rho_hat_even + rho_hat_odd) > 0.0:
        rho_hat_even = 1.0 - (mean_var - np.mean(acov[:, t + 1])) / var_plus
        rho_hat_odd = 1.0 - (mean_var - np.mean(acov[:, t + 2])) / var_plus
        if (rho_hat_even + rho_hat_odd) >= 0:
            rho_hat_t[t + 1] = rho_hat_even
            rho_hat_t[t + 2] = rho_hat_odd
        t += 2
    max_t = t - 2
    if rho_hat_even > 0:
        rho_hat_t[max_t + 1] = rho_hat_even
    t = 1
    while t <= max_t - 2:
        if (rho_hat_t[t + 1] + rho_hat_t[t + 2]) > (rho_hat_t[t - 1] + rho_hat_t[t]):
            rho_hat_t[t + 1] = (rho_hat_t[t - 1] + rho_hat_t[t]) / 2.0
            rho_hat_t[t + 2] = rho_hat_t[t + 1]
        t += 2
    ess = n_chain * n_draw
    tau_hat = -1.0 + 2.0 * np.sum(rho_hat_t[: max_t + 1]) + np.sum(rho_hat_t[max_t + 1: max_t + 2])
    tau_hat = max(tau_hat, 1 / np.log10(ess))
    return ess / tau_hat


def ess_bulk(ary):
    return ess_(z_scale(split_chains(ary)))


def ess_quantile(ary, prob):
    (q,) = quantile(ary, prob)
    return ess_(split_chains(ary <= q))


def ess_tail(ary):
    return min(ess_quantile(ary, 0.05), ess_quantile(ary, 0.95))


def ess_mean(ary):
    return ess_(split_chains(ary))


def mcse_mean(ary):
    return np.std(ary, ddof=1) / np.sqrt(ess_mean(ary))


def hdi(ary, hdi_prob):
    ary = np.sort(ary.flatten())
    n = len(ary)
    inc = int(np.floor(hdi_prob * n))
    width = ary[inc:] - ary[: n - inc]
    i = np.argmin(width)
    return ary[i], ary[i + inc]


def main():
    print(f"# NumPy {np.__version__}, SciPy {scipy.__version__}")
    print("# name: ess_bulk, ess_tail, rhat_rank, mcse_mean, hdi94 low, hdi94 high, q05, q50, q95")
    for name, seed, chains, draws, phi, shift, transform in SETS:
        x = make_set(seed, chains, draws, phi, shift, transform)
        low, high = hdi(x, 0.94)
        q = quantile(x, [0.05, 0.5, 0.95])
        values = [ess_bulk(x), ess_tail(x), rhat_rank(x), mcse_mean(x), low, high, *q]
        print(f'QTest::newRow("{name}") << {seed} << {chains} << {draws} << {phi!r} << {shift!r} << "{transform}"')
        print("    << Values{" + ", ".join(repr(float(v)) for v in values) + "};")


if __name__ == "__main__":
    main()
