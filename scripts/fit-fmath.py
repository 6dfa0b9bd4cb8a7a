#!/usr/bin/env python3
# Fits the polynomials of the float special functions (src/translate/tables/floatMath.ts, "special
# functions"): least squares on Chebyshev nodes, weighted for relative error, refined three times in
# 40-digit arithmetic (mpmath), printed as float literals with the worst relative error.
# Usage: python3 scripts/fit-fmath.py erf 6 | gR 10 | g 0.4 1 0.7 7 | g 1 2 1.5 8 | g 2 4 3 9 |
#        gasym 4 10.1 5 (then divided by sqrt(pi)) | lg1 10 | lg2 9 | erfinv2 9 0.390625
# Needs numpy and mpmath (not a dependency of cu2metal: run by hand when changing a fit).
import mpmath as mp, numpy as np
mp.mp.dps = 40
def fit(f, a, b, deg, center, scale=1.0, n=400):
    # least squares on Chebyshev nodes, relative error weighted; poly in t=(x-center)*scale
    k = np.arange(n)
    xs = [mp.mpf(a) + (mp.mpf(b)-a)*(1-mp.cos(mp.pi*(kk+0.5)/n))/2 for kk in k]
    ys = [f(x) for x in xs]
    T = np.array([[float(((x-center)*scale)**j / y) for j in range(deg+1)] for x, y in zip(xs, ys)])
    rhs = np.ones(n)
    c, *_ = np.linalg.lstsq(T, rhs, rcond=None)
    # iterate a few times with mp precision (refine residual)
    for it in range(3):
        res = [1 - sum(mp.mpf(float(cj))*((x-center)*scale)**j for j, cj in enumerate(c))/y for x, y in zip(xs, ys)]
        d, *_ = np.linalg.lstsq(T, np.array([float(r) for r in res]), rcond=None)
        c = c + d
    c32 = [float(np.float32(cj)) for cj in c]
    err = max(abs(1 - sum(mp.mpf(cj)*((x-center)*scale)**j for j, cj in enumerate(c))/y) for x, y in zip(xs, ys))
    return c, float(err)
def show(name, c, err):
    print(name, 'relerr %.3g' % err)
    print('  ', ', '.join('%.9ef' % v for v in c))
import sys
which = sys.argv[1]
if which == 'erf':
    # erf(x)/x = P(u), u = x^2 in [0,1]
    c, e = fit(lambda u: mp.erf(mp.sqrt(u))/mp.sqrt(u) if u > 0 else 2/mp.sqrt(mp.pi), 0, 1, int(sys.argv[2]), 0); show('erf', c, e)
if which == 'g':
    a, b, ctr, deg = map(float, sys.argv[2:6])
    c, e = fit(lambda x: mp.erfc(x)*mp.exp(x*x), a, b, int(deg), mp.mpf(ctr)); show('g', c, e)
if which == 'gasym':
    # x*g(x)*sqrt(pi) as poly in u = 1/x^2 on [1/b^2, 1/a^2]
    a, b, deg = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    c, e = fit(lambda u: mp.erfc(1/mp.sqrt(u))*mp.exp(1/u)/mp.sqrt(u)*mp.sqrt(mp.pi), 1/b**2, 1/a**2, deg, 0); show('gasym', c, e)
if which == 'gamma':
    c, e = fit(lambda t: mp.gamma(1+t), 0, 1, int(sys.argv[2]), 0); show('gamma', c, e)
if which == 'lg1':
    c, e = fit(lambda t: mp.loggamma(1+t)/t if t != 0 else -mp.euler, -0.25, 0.5, int(sys.argv[2]), 0); show('lg1', c, e)
if which == 'lg2':
    c, e = fit(lambda t: mp.loggamma(2+t)/t if t != 0 else 1-mp.euler, -0.5, 0.5, int(sys.argv[2]), 0); show('lg2', c, e)
if which == 'erfinv':
    c, e = fit(lambda u: mp.erfinv(mp.sqrt(u))/mp.sqrt(u) if u > 0 else mp.sqrt(mp.pi)/2, 0, 0.25, int(sys.argv[2]), 0); show('erfinv', c, e)
if which == 'gR':
    c, e = fit(lambda t: (mp.gamma(1+t)-1)/(t*(t-1)) if t not in (0,1) else (mp.mpf(-mp.euler)*-1 if t==0 else 1-mp.euler), 0, 1, int(sys.argv[2]), 0); show('gR', c, e)
if which == 'erfinv2':
    c, e = fit(lambda u: mp.erfinv(mp.sqrt(u))/mp.sqrt(u) if u > 0 else mp.sqrt(mp.pi)/2, 0, float(sys.argv[3]), int(sys.argv[2]), 0); show('erfinv2', c, e)
