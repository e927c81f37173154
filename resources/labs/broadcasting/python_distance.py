# The distance-matrix step's three forms in real Python and NumPy, timed on the data the lab
# passes in (float64, n × d, row-major): python3 python_distance.py FILE N D BUDGET BROADCAST
# Prints one JSON line. Run by labs/broadcasting/python_reference.cpp.
import json, sys, time
from math import sqrt

try:
    import numpy as np
except ImportError:
    print(json.dumps({"python": sys.version.split()[0], "numpy": None}))
    sys.exit(0)

path, n, d, budget, broadcast = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5] == "1"
X = np.fromfile(path, dtype=np.float64).reshape(n, d)


def interpreted(X, n, d, budget):
    D = [[0.0] * n for _ in range(n)]
    start, rows = time.perf_counter(), 0
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                diff = X[i][k] - X[j][k]
                s = s + diff * diff
            D[i][j] = sqrt(s)
        rows += 1
        if time.perf_counter() - start > budget:
            break
    return (time.perf_counter() - start) * n / rows, rows


def median_seconds(f, budget):
    f()
    times, spent = [], 0.0
    while len(times) < 100 and (len(times) < 5 or spent < budget / 10) and spent < budget:
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return sorted(times)[len(times) // 2]


def gemm_form():
    norms = (X * X).sum(-1)
    d2 = norms[:, None] - 2.0 * (X @ X.T) + norms[None, :]
    return np.sqrt(np.clip(d2, 0.0, None))


loop_seconds, rows = interpreted(X.tolist(), n, d, budget)
result = {"python": sys.version.split()[0], "numpy": np.__version__, "loop_seconds": loop_seconds, "loop_rows": rows,
          "matrix_product_seconds": median_seconds(gemm_form, budget)}
if broadcast:
    result["broadcasting_seconds"] = median_seconds(
        lambda: np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)), budget)
print(json.dumps(result))
