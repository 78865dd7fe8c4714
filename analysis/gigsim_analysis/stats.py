"""Statistics for replicates and sweeps: t confidence intervals (one sample, Welch, paired), the
ratio of two means (delta method), standardised regression coefficients, and first-order Sobol
indices from given data. Each function is small and documented with its formula, so the numbers
in a report can be checked by hand."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats as _st

NAN = float("nan")


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float
    n: int              # replicates behind the estimate (pairs for a paired difference)
    df: float = NAN     # degrees of freedom of the t quantile (NaN when no interval)

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2.0

    @property
    def has_interval(self) -> bool:
        return not (np.isnan(self.low) or np.isnan(self.high))


def mean_ci(values, level: float = 0.95) -> Interval:
    """Mean and its t interval: mean ± t_{(1+level)/2, n-1} · s / √n, with s the sample standard
    deviation (n - 1 in the denominator). No interval (NaN bounds) for n < 2."""
    x = np.asarray(values, dtype=float)
    n = x.size
    if n == 0:
        return Interval(NAN, NAN, NAN, 0)
    m = float(x.mean())
    if n < 2:
        return Interval(m, NAN, NAN, n)
    se = float(x.std(ddof=1)) / np.sqrt(n)
    t = float(_st.t.ppf(0.5 + level / 2.0, n - 1))
    return Interval(m, m - t * se, m + t * se, n, float(n - 1))


def welch_difference_ci(base, other, level: float = 0.95) -> Interval:
    """Difference of means, other - base, with Welch's interval (unequal variances):
    se = √(s_b²/n_b + s_o²/n_o), df by Welch-Satterthwaite
    df = se⁴ / ((s_b²/n_b)²/(n_b-1) + (s_o²/n_o)²/(n_o-1)). No interval if either arm has n < 2.
    When both variances are zero the interval is the point (no spread to speak of)."""
    a = np.asarray(base, dtype=float)
    b = np.asarray(other, dtype=float)
    if a.size == 0 or b.size == 0:
        return Interval(NAN, NAN, NAN, min(a.size, b.size))
    d = float(b.mean() - a.mean())
    n = min(a.size, b.size)
    if a.size < 2 or b.size < 2:
        return Interval(d, NAN, NAN, n)
    va = float(a.var(ddof=1)) / a.size
    vb = float(b.var(ddof=1)) / b.size
    se2 = va + vb
    if se2 == 0.0:
        return Interval(d, d, d, n, float(a.size + b.size - 2))
    df = se2 ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
    t = float(_st.t.ppf(0.5 + level / 2.0, df))
    se = np.sqrt(se2)
    return Interval(d, d - t * se, d + t * se, n, float(df))


def paired_difference_ci(base, other, level: float = 0.95) -> Interval:
    """Difference other - base for replicates paired by seed (common random numbers): the t interval
    of the mean of the per-seed differences."""
    a = np.asarray(base, dtype=float)
    b = np.asarray(other, dtype=float)
    if a.size != b.size:
        raise ValueError("paired difference needs the same number of replicates in both arms")
    return mean_ci(b - a, level)


def ratio_ci(base, other, paired: bool = False, level: float = 0.95) -> Interval:
    """Relative change other/base - 1 of the means, with a delta-method interval:
    var(r) ≈ (var(m_o) + r² var(m_b) - 2 r cov(m_o, m_b)) / m_b², r = m_o/m_b, the covariance term
    only when paired; t quantile with n - 1 (paired) or Welch degrees of freedom. NaN when the base
    mean is 0."""
    a = np.asarray(base, dtype=float)
    b = np.asarray(other, dtype=float)
    if a.size == 0 or b.size == 0:
        return Interval(NAN, NAN, NAN, 0)
    ma, mb = float(a.mean()), float(b.mean())
    if ma == 0.0:
        return Interval(NAN, NAN, NAN, min(a.size, b.size))
    r = mb / ma
    n = min(a.size, b.size)
    if a.size < 2 or b.size < 2:
        return Interval(r - 1.0, NAN, NAN, n)
    va = float(a.var(ddof=1)) / a.size
    vb = float(b.var(ddof=1)) / b.size
    if paired:
        cov = float(np.cov(a, b, ddof=1)[0, 1]) / a.size
        df = float(a.size - 1)
    else:
        cov = 0.0
        denom = (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
        df = (va + vb) ** 2 / denom if denom > 0 else float(a.size + b.size - 2)
    var_r = (vb + r * r * va - 2.0 * r * cov) / ma ** 2
    var_r = max(var_r, 0.0)
    t = float(_st.t.ppf(0.5 + level / 2.0, df))
    half = t * np.sqrt(var_r)
    return Interval(r - 1.0, r - 1.0 - half, r - 1.0 + half, n, df)


@dataclass(frozen=True)
class Regression:
    names: list[str]
    coefficients: np.ndarray   # standardised regression coefficients
    low: np.ndarray            # 95% interval bounds from the OLS standard errors
    high: np.ndarray
    r_squared: float
    n: int


def standardised_regression(X, y, names: list[str], level: float = 0.95) -> Regression:
    """Standardised regression coefficients (SRC): ordinary least squares of (y - ȳ)/s_y on
    (x_j - x̄_j)/s_j. For a linear model with independent inputs, SRC_j² is the share of the
    variance of y due to x_j, and R² says how linear the response is (the SRCs mean little when R²
    is low). Inputs without spread get NaN."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, k = X.shape
    sx = X.std(axis=0, ddof=1) if n > 1 else np.zeros(k)
    sy = float(y.std(ddof=1)) if n > 1 else 0.0
    use = sx > 0
    coef = np.full(k, NAN)
    low = np.full(k, NAN)
    high = np.full(k, NAN)
    if sy == 0.0 or use.sum() == 0 or n <= use.sum() + 1:
        return Regression(names, coef, low, high, NAN, n)
    Z = (X[:, use] - X[:, use].mean(axis=0)) / sx[use]
    z = (y - y.mean()) / sy
    beta, *_ = np.linalg.lstsq(Z, z, rcond=None)
    fitted = Z @ beta
    ss_res = float(np.sum((z - fitted) ** 2))
    ss_tot = float(np.sum(z ** 2))
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else NAN
    dof = n - use.sum() - 1
    sigma2 = ss_res / dof
    try:
        cov = sigma2 * np.linalg.inv(Z.T @ Z)
        se = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        se = np.full(use.sum(), NAN)
    t = float(_st.t.ppf(0.5 + level / 2.0, dof))
    coef[use] = beta
    low[use] = beta - t * se
    high[use] = beta + t * se
    return Regression(names, coef, low, high, r2, n)


def first_order_sobol(x, y, bins: int | None = None) -> float:
    """First-order (main-effect) Sobol index S = Var(E[y | x]) / Var(y), estimated from given data:
    the runs are sorted by x and cut into `bins` groups of (nearly) equal size (by default about
    ∛n, at least 2; a parameter with few distinct values uses those values as groups), and
    S = (SS_between - (groups - 1) · MS_within) / SS_total, the ANOVA estimate of the
    between-group variance share, which removes the bias that replicate noise puts in the group
    means. Can come out slightly below 0 when x has no effect."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = x.size
    if n < 4 or float(np.var(y)) == 0.0:
        return NAN
    distinct = np.unique(x)
    if bins is None:
        bins = max(2, int(round(n ** (1.0 / 3.0))))
    if distinct.size <= bins:
        labels = np.searchsorted(distinct, x)
    else:
        order = np.argsort(x, kind="stable")
        labels = np.empty(n, dtype=int)
        labels[order] = np.arange(n) * bins // n
    groups = np.unique(labels)
    g = groups.size
    if g < 2 or n <= g:
        return NAN
    grand = y.mean()
    ss_total = float(np.sum((y - grand) ** 2))
    ss_between = 0.0
    ss_within = 0.0
    for label in groups:
        part = y[labels == label]
        ss_between += part.size * (part.mean() - grand) ** 2
        ss_within += float(np.sum((part - part.mean()) ** 2))
    ms_within = ss_within / (n - g)
    return float((ss_between - (g - 1) * ms_within) / ss_total)
