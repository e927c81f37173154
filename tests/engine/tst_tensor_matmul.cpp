// matmul.h: NumPy's matmul semantics against a triple loop.
#include "tensor/detail/gemm.h"
#include "tensor/matmul.h"
#include "tensor_test_util.h"

#include <QtTest>

using namespace mlwb::tensor;
using namespace tensortest;
Q_DECLARE_METATYPE(mlwb::tensor::Shape)

class TensorMatmulTest : public QObject {
    Q_OBJECT
private slots:
    void startsWithTheFastestBuild();
    void matchesTripleLoop_data();
    void matchesTripleLoop();
    void everyIsaMatchesTripleLoop_data();
    void everyIsaMatchesTripleLoop();
    void layoutsNeedNoCopyToBeRight();
    void integerAndBool();
    void outForm();
    void errors();
};

void TensorMatmulTest::matchesTripleLoop_data()
{
    QTest::addColumn<Shape>("a");
    QTest::addColumn<Shape>("b");
    QTest::addColumn<Shape>("result");
    QTest::newRow("2-d") << Shape{3, 4} << Shape{4, 5} << Shape{3, 5};
    QTest::newRow("vector @ matrix") << Shape{4} << Shape{4, 5} << Shape{5};
    QTest::newRow("matrix @ vector") << Shape{3, 4} << Shape{4} << Shape{3};
    QTest::newRow("dot") << Shape{4} << Shape{4} << Shape{};
    QTest::newRow("batch") << Shape{2, 3, 4} << Shape{2, 4, 5} << Shape{2, 3, 5};
    QTest::newRow("(B,1,M,K) @ (H,K,N)") << Shape{2, 1, 3, 4} << Shape{3, 4, 5} << Shape{2, 3, 3, 5};
    QTest::newRow("batch @ matrix") << Shape{2, 3, 4} << Shape{4, 2} << Shape{2, 3, 2};
    QTest::newRow("vector @ batch") << Shape{4} << Shape{2, 4, 3} << Shape{2, 3};
    QTest::newRow("K = 0") << Shape{2, 0} << Shape{0, 3} << Shape{2, 3};
    QTest::newRow("M = 0") << Shape{0, 3} << Shape{3, 2} << Shape{0, 2};
    QTest::newRow("many small") << Shape{40, 6, 7} << Shape{40, 7, 5} << Shape{40, 6, 5};
}

void TensorMatmulTest::matchesTripleLoop()
{
    QFETCH(Shape, a);
    QFETCH(Shape, b);
    QFETCH(Shape, result);
    std::mt19937_64 rng(21);
    for (DType t : {DType::Float64, DType::Float32}) {
        for (int layout = 0; layout < 4; ++layout) {
            const Tensor x = randomLayout(rng, randomTensor(rng, a, t));
            const Tensor y = randomLayout(rng, randomTensor(rng, b, t));
            const Tensor r = matmul(x, y);
            QCOMPARE(r.shape(), result);
            QCOMPARE(r.dtype(), t);
            // Promote 1-d operands as NumPy does, then loop.
            const Shape ea = a.size() == 1 ? Shape{1, a[0]} : a;
            const Shape eb = b.size() == 1 ? Shape{b[0], 1} : b;
            const Tensor xa = a.size() == 1 ? x.expandDims(0) : x;
            const Tensor yb = b.size() == 1 ? y.expandDims(1) : y;
            const std::int64_t K = ea.back();
            Shape full(ea.begin(), ea.end() - 2);
            {
                const Shape bb(eb.begin(), eb.end() - 2);
                std::string err;
                expectedBroadcast(full, bb, full, err);
            }
            full.push_back(ea[ea.size() - 2]);
            full.push_back(eb.back());
            const Tensor rf = r.reshape(full).tensor;
            forEachIndex(full, [&](const std::vector<std::int64_t>& i) {
                const std::vector<std::int64_t> batch(i.begin(), i.end() - 2);
                const Shape ba(ea.begin(), ea.end() - 2), bb(eb.begin(), eb.end() - 2);
                std::vector<std::int64_t> ia = broadcastIndex(batch, ba), ib = broadcastIndex(batch, bb);
                ia.push_back(i[i.size() - 2]);
                ia.push_back(0);
                ib.push_back(0);
                ib.push_back(i.back());
                double s = 0;
                for (std::int64_t k = 0; k < K; ++k) {
                    ia.back() = k;
                    ib[ib.size() - 2] = k;
                    s += xa.value(ia) * yb.value(ib);
                }
                QVERIFY2(std::abs(rf.value(i) - s) < (t == DType::Float32 ? 1e-4 : 1e-12), qPrintable(QString::number(s)));
            });
        }
    }
}

void TensorMatmulTest::startsWithTheFastestBuild()
{
    using namespace mlwb::tensor::detail;
    const auto supported = supportedGemmIsas();
    QCOMPARE(supported.front(), GemmIsa::Baseline);
    const QByteArray requested = qgetenv("MLWB_ISA");
    if (requested.isEmpty())
        QCOMPARE(matmulIsa(), gemmIsaName(supported.back()));
    else
        QCOMPARE(QByteArray(matmulIsa().data(), qsizetype(matmulIsa().size())), requested);
}

void TensorMatmulTest::everyIsaMatchesTripleLoop_data()
{
    QTest::addColumn<Shape>("a");
    QTest::addColumn<Shape>("b");
    // Sizes that are no multiple of any vector width, a depth beyond one of Eigen's panels,
    // batches run in parallel, and one product large enough for Eigen's own threads.
    QTest::newRow("odd sizes") << Shape{37, 53} << Shape{53, 29};
    QTest::newRow("deep") << Shape{45, 700} << Shape{700, 31};
    QTest::newRow("parallel batches") << Shape{16, 64, 64} << Shape{16, 64, 64};
    QTest::newRow("large") << Shape{300, 200} << Shape{200, 300};
}

// Each build of the GEMM kernels this CPU runs (baseline, AVX2, AVX-512) against plain loops,
// for every dtype, with b stored transposed (column-major) as well as row-major.
void TensorMatmulTest::everyIsaMatchesTripleLoop()
{
    using namespace mlwb::tensor::detail;
    QFETCH(Shape, a);
    QFETCH(Shape, b);
    const auto text = [](std::string_view v) { return QString::fromUtf8(v.data(), qsizetype(v.size())); };
    const GemmIsa original = activeGemmIsa();
    std::mt19937_64 rng(5);
    const std::int64_t batches = a.size() == 3 ? a[0] : 1, m = a[a.size() - 2], k = a.back(), n = b.back();
    for (GemmIsa isa : supportedGemmIsas()) {
        useGemmIsa(isa);
        QCOMPARE(matmulIsa(), gemmIsaName(isa));
        for (DType t : {DType::Float64, DType::Float32, DType::Int64}) {
            for (bool bTransposed : {false, true}) {
                const Tensor x = randomTensor(rng, a, t);
                Shape bStored = b;
                if (bTransposed)
                    std::swap(bStored[b.size() - 1], bStored[b.size() - 2]);
                Tensor y = randomTensor(rng, bStored, t);
                if (bTransposed)
                    y = y.swapAxes(-1, -2);
                const Tensor r = matmul(x, y);
                const std::vector<double> xv = x.toVector<double>(), yv = y.toVector<double>(), rv = r.toVector<double>();
                const double tol = t == DType::Float32 ? 1e-5 * double(k) : t == DType::Float64 ? 1e-13 * double(k) : 0.0;
                double worst = 0;
                for (std::int64_t p = 0; p < batches; ++p)
                    for (std::int64_t i = 0; i < m; ++i)
                        for (std::int64_t j = 0; j < n; ++j) {
                            double s = 0;
                            for (std::int64_t q = 0; q < k; ++q)
                                s += xv[std::size_t((p * m + i) * k + q)] * yv[std::size_t((p * k + q) * n + j)];
                            worst = std::max(worst, std::abs(rv[std::size_t((p * m + i) * n + j)] - s));
                        }
                QVERIFY2(worst <= tol, qPrintable(QString("%1, %2, b %3: off by %4")
                                                      .arg(text(gemmIsaName(isa)), text(dtypeName(t)),
                                                           bTransposed ? "transposed" : "row-major")
                                                      .arg(worst)));
            }
        }
    }
    useGemmIsa(original);
}

void TensorMatmulTest::layoutsNeedNoCopyToBeRight()
{
    // Transposed and sliced operands, and a slice with steps in both directions (copied first).
    std::mt19937_64 rng(8);
    const Tensor base = randomTensor(rng, {6, 8});
    const Tensor x = base.slice({Slice{std::nullopt, std::nullopt, -2}, Slice{1, 7, 2}});  // (3, 3)
    const Tensor y = base.transpose().slice(0, 0, 3);                                           // (3, 6)
    const Tensor r = matmul(x, y);
    forEachIndex(r.shape(), [&](const std::vector<std::int64_t>& i) {
        double s = 0;
        for (std::int64_t k = 0; k < 3; ++k)
            s += x.value({i[0], k}) * y.value({k, i[1]});
        QVERIFY(std::abs(r.value(i) - s) < 1e-12);
    });
}

void TensorMatmulTest::integerAndBool()
{
    const Tensor a = Tensor::arange(6).reshape({2, 3}).tensor;
    const Tensor r = matmul(a, a.transpose());
    QCOMPARE(r.dtype(), DType::Int64);
    QCOMPARE(r.toVector<std::int64_t>(), (std::vector<std::int64_t>{5, 14, 14, 50}));
    const Tensor m = Tensor::fromVector(std::vector<bool>{true, false, false, false}, {2, 2});
    QCOMPARE(matmul(m, m).toVector<bool>(), (std::vector<bool>{true, false, false, false}));
    QCOMPARE(matmul(Tensor::arange(3), Tensor::ones({3}, DType::Float32)).dtype(), DType::Float64);
}

void TensorMatmulTest::outForm()
{
    const Tensor a = Tensor::arange(0.0, 6.0).reshape({2, 3}).tensor;
    const Tensor out = Tensor::empty({3, 2}, DType::Float64, Order::F).transpose();  // C-contiguous (2, 3)?
    QCOMPARE(out.shape(), (Shape{2, 3}));
    matmul(a, Tensor::ones({3, 3}), out);
    QCOMPARE(out.toVector<double>(), (std::vector<double>{3, 3, 3, 12, 12, 12}));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, matmul(a, Tensor::ones({3, 3}), Tensor::empty({3, 3})));
}

void TensorMatmulTest::errors()
{
    const auto message = [](auto&& f) {
        try {
            f();
        } catch (const mlwb::InputError& e) {
            return QString(e.what());
        }
        return QString("no exception");
    };
    QCOMPARE(message([] { matmul(Tensor::zeros({2, 3}), Tensor::zeros({4, 5})); }),
             QString("matmul: shapes (2, 3) and (4, 5) do not fit: the first has 3 columns, the second 4 rows"));
    QCOMPARE(message([] { matmul(Tensor::zeros({3}), Tensor::zeros({2, 1})); }),
             QString("matmul: shapes (3,) and (2, 1) do not fit: the first has 3 columns, the second 2 rows"));
    QCOMPARE(message([] { matmul(Tensor::zeros({2, 2, 3}), Tensor::zeros({3, 3, 4})); }),
             QString("matmul: batch shapes (2,) and (3,) of operands (2, 2, 3) and (3, 3, 4) do not broadcast"));
    QCOMPARE(message([] { matmul(Tensor::scalar(1), Tensor::zeros({2})); }),
             QString("matmul: operands must have at least one dimension, got shapes () and (2,)"));
}

QTEST_APPLESS_MAIN(TensorMatmulTest)
#include "tst_tensor_matmul.moc"
