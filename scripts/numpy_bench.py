# The NumPy anchor for `mlwb bench` W1-W5 and U1-U3 (issue 3): the same work, timed the same way
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
