// matmul.h: NumPy's matmul semantics against a triple loop.
#include "tensor/matmul.h"
#include "tensor_test_util.h"

#include <QtTest>

using namespace mlwb::tensor;
using namespace tensortest;
Q_DECLARE_METATYPE(mlwb::tensor::Shape)

class TensorMatmulTest : public QObject {
    Q_OBJECT
private slots:
    void matchesTripleLoop_data();
    void matchesTripleLoop();
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
