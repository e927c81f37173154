# The NumPy anchor for `mlwb bench` W1-W5, U1-U3 (issue 3), W6 (issue 15), W8 and W10 (issue 13): the same work, timed the same way
# (one warm-up, then at least 5 runs and 1 s, at most 50; median). Needs python3-numpy and
# libopenblas0-pthread; not part of the build or the tests.
import numpy as np, time, sys
def bench(name, f, minruns=5, mins=1.0):
    f()
    ts=[]; t0=time.perf_counter()
    while len(ts)<minruns or (time.perf_counter()-t0<mins and len(ts)<50):
        a=time.perf_counter(); f(); ts.append(time.perf_counter()-a)
    ts.sort(); print(f"{name:24s} median {ts[len(ts)//2]*1e3:9.2f} ms  min {ts[0]*1e3:9.2f} ms  n={len(ts)}", flush=True)
rng=np.random.default_rng(0)
a=rng.uniform(-1,1,(512,1,256)); b=rng.uniform(-1,1,(1,512,256))
bench("W1_broadcast_add", lambda: a+b)
u=rng.uniform(-1,1,4096); v=rng.uniform(-1,1,4096)
bench("W2_outer", lambda: u[:,None]*v[None,:])
A=rng.uniform(-1,1,(64,128,128)); B=rng.uniform(-1,1,(64,128,128))
bench("W3_batch_matmul", lambda: A@B)
Q,K,V=[rng.uniform(-1,1,(8,8,256,64)).astype(np.float32) for _ in range(3)]
def att(opt):
    s=np.einsum('bhsd,bhtd->bhst',Q,K,optimize=opt)/np.float32(8.0)
    s=s-s.max(-1,keepdims=True); np.exp(s,out=s); s/=s.sum(-1,keepdims=True)
    return np.einsum('bhst,bhtd->bhsd',s,V,optimize=opt)
bench("W4_attention (einsum)", lambda: att(False))
bench("W4_attention (opt=True)", lambda: att(True))
def att_mm():
    s=(Q@K.swapaxes(-1,-2))/np.float32(8.0)
    s=s-s.max(-1,keepdims=True); np.exp(s,out=s); s/=s.sum(-1,keepdims=True)
    return s@V
bench("W4_attention (matmul)", att_mm)
X=rng.uniform(-1,1,(4000,64))
def pd():
    sq=(X*X).sum(1)
    D=sq[:,None]+sq[None,:]-2*(X@X.T)
    np.maximum(D,0,out=D); return np.sqrt(D,out=D)
bench("W5_pairwise_dist", pd)
# U1-U3: one elementwise function of 10^7 values in [-10, 10] into an existing array.
x64=rng.uniform(-10,10,10_000_000); o64=np.empty_like(x64)
x32=x64.astype(np.float32); o32=np.empty_like(x32)
bench("U1_exp", lambda: np.exp(x64,out=o64))
bench("U2_tanh_f32", lambda: np.tanh(x32,out=o32))
def sigmoid():  # as scipy.special.expit computes it, stable for both signs
    e=np.exp(-np.abs(x64)); np.divide(np.where(x64>=0,1.0,e),1.0+e,out=o64)
bench("U3_sigmoid", sigmoid)
# W8 and W10 (issue 13): the models' training, on the bundled data sets.
import csv, os
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "datasets")
rows = list(csv.DictReader(open(os.path.join(data, "breast_cancer.csv"))))
yb = np.array([1.0 if r["diagnosis"] == "malignant" else 0.0 for r in rows])
Xb = np.array([[float(r[c]) for c in rows[0] if c != "diagnosis"] for r in rows])
Xb = (Xb - Xb.mean(0)) / Xb.std(0)  # the population sd
def logreg():  # batch gradient descent, lr 0.1, 1000 epochs from 0; the loss of each epoch as mlwb reports it
    n = len(yb); w = np.zeros(Xb.shape[1]); b = 0.0
    for _ in range(1000):
        z = Xb @ w + b
        loss = np.mean(np.logaddexp(0, z) - yb * z)
        r = (1 / (1 + np.exp(-z)) - yb) / n
        w -= 0.1 * (Xb.T @ r); b -= 0.1 * r.sum()
bench("W8_logreg_train", logreg)
digits = np.loadtxt(os.path.join(data, "digits.csv"), delimiter=",", skiprows=1)
Xd, yd = digits[:, :64] / 16, digits[:, 64].astype(int)
W1 = rng.normal(0, np.sqrt(2 / 64), (64, 128)); b1 = np.zeros(128)
W2 = rng.normal(0, np.sqrt(2 / 128), (128, 10)); b2 = np.zeros(10)
def mlp_epoch():  # one epoch of a 64-128-10 ReLU MLP, SGD, batch 32, lr 0.1, shuffled rows
    global W1, b1, W2, b2
    order = rng.permutation(len(yd))
    for s in range(0, len(yd), 32):
        i = order[s:s + 32]; x = Xd[i]; m = len(i)
        h = np.maximum(x @ W1 + b1, 0); z = h @ W2 + b2
        p = np.exp(z - z.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
        d2 = p; d2[np.arange(m), yd[i]] -= 1; d2 /= m
        d1 = (d2 @ W2.T) * (h > 0)
        W2 -= 0.1 * (h.T @ d2); b2 -= 0.1 * d2.sum(0); W1 -= 0.1 * (x.T @ d1); b1 -= 0.1 * d1.sum(0)
bench("W10_mlp_epoch_digits", mlp_epoch)
# W6 (issue 15): a PCA fit as the anchors time it (centre, then the route; scikit-learn's PCA.fit keeps
# every component). The eigh route: the covariance and a symmetric eigensolver; the SVD route: a thin SVD.
def pca_eigh(X):
    Xc = X - X.mean(0); return np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
def pca_svd(X):
    Xc = X - X.mean(0); return np.linalg.svd(Xc, full_matrices=False)
bench("W6_pca_digits (eigh)", lambda: pca_eigh(Xd * 16))
signal = rng.normal(size=(20000, 10)) @ rng.normal(size=(10, 256)) * 3
Xr = signal + rng.normal(size=(20000, 256))
bench("W6_pca_rand.eigh (eigh)", lambda: pca_eigh(Xr))
bench("W6_pca_rand.svd (svd)", lambda: pca_svd(Xr))
