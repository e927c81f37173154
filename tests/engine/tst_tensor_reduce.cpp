// reduce.h: reductions over any axes with keepdims, against plain loops.
#include "tensor/ops.h"
#include "tensor/reduce.h"
#include "tensor_test_util.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

using namespace mlwb::tensor;
using namespace tensortest;
Q_DECLARE_METATYPE(mlwb::tensor::Axes)
Q_DECLARE_METATYPE(tensortest::Layout)

namespace {

// For every output index, the list of input values reduced into it (plain loop over the input).
std::map<std::vector<std::int64_t>, std::vector<double>> groups(const Tensor& a, const std::vector<bool>& reduced)
{
    std::map<std::vector<std::int64_t>, std::vector<double>> g;
    forEachIndex(a.shape(), [&](const std::vector<std::int64_t>& i) {
        std::vector<std::int64_t> key;
        for (std::size_t d = 0; d < i.size(); ++d)
            if (!reduced[d])
                key.push_back(i[d]);
        g[key].push_back(a.value(i));
    });
    return g;
}

} // namespace

class TensorReduceTest : public QObject {
    Q_OBJECT
private slots:
    void reductionsMatchLoops_data();
    void reductionsMatchLoops();
    void largeViewsMatchLoops_data();
    void largeViewsMatchLoops();
    void keepdimsBroadcastsBack();
    void dtypes();
    void argmaxFirstAndFlat();
    void nanPropagates();
    void softmaxIsStable();
    void softmaxOverAxes();
    void softmaxContiguousRows();
    void errors();
};

void TensorReduceTest::reductionsMatchLoops_data()
{
    QTest::addColumn<Axes>("axes");
    QTest::newRow("all") << Axes{};
    QTest::newRow("0") << Axes{0};
    QTest::newRow("-1") << Axes{-1};
    QTest::newRow("1") << Axes{1};
    QTest::newRow("0,2") << Axes{0, 2};
    QTest::newRow("2,0,1") << Axes{2, 0, 1};
}

void TensorReduceTest::reductionsMatchLoops()
{
    QFETCH(Axes, axes);
    std::mt19937_64 rng(11);
    for (int layout = 0; layout < 4; ++layout) {
        const Tensor a = randomLayout(rng, randomTensor(rng, {3, 4, 5}));
        std::vector<bool> reduced(3, axes.empty());
        for (std::int64_t ax : axes)
            reduced[std::size_t(ax < 0 ? ax + 3 : ax)] = true;
        const auto g = groups(a, reduced);
        const Tensor s = sum(a, axes), m = mean(a, axes), v = var(a, axes), mx = max(a, axes), mn = min(a, axes),
                     l = logsumexp(a, axes);
        QCOMPARE(s.shape(), reducedShape(a.shape(), axes, false));
        std::size_t k = 0;
        const std::vector<double> sv = s.toVector<double>(), mv = m.toVector<double>(), vv = v.toVector<double>(),
                                  xv = mx.toVector<double>(), nv = mn.toVector<double>(), lv = l.toVector<double>();
        for (const auto& [key, vals] : g) {  // map order is C order of the output
            double total = 0, big = -INFINITY, small = INFINITY;
            for (double x : vals) {
                total += x;
                big = std::max(big, x);
                small = std::min(small, x);
            }
            const double mu = total / double(vals.size());
            double sq = 0, ex = 0;
            for (double x : vals) {
                sq += (x - mu) * (x - mu);
                ex += std::exp(x);
            }
            QVERIFY(std::abs(sv[k] - total) < 1e-12);
            QVERIFY(std::abs(mv[k] - mu) < 1e-12);
            QVERIFY(std::abs(vv[k] - sq / double(vals.size())) < 1e-12);
            QCOMPARE(xv[k], big);
            QCOMPARE(nv[k], small);
            QVERIFY(std::abs(lv[k] - std::log(ex)) < 1e-12);
            ++k;
        }
        QCOMPARE(k, sv.size());
    }
}

// Above the threading threshold (2^18 elements), where the outputs are split into ranges the threads take:
// odd sizes, every axis position, views with negative and non-unit strides, float32 and int64.
// Axes is std::vector<std::int64_t>, the same type as Shape, so the shape goes in as Axes too.
void TensorReduceTest::largeViewsMatchLoops_data()
{
    QTest::addColumn<Axes>("shape");
    QTest::addColumn<Axes>("axes");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<Layout>("layout");
    QTest::addColumn<int>("layoutAxis");
    const int f64 = int(DType::Float64), f32 = int(DType::Float32), i64 = int(DType::Int64);
    QTest::newRow("last axis, short rows") << Axes{131, 127, 17} << Axes{-1} << f64 << Layout::C << 0;
    QTest::newRow("last axis f32") << Axes{131, 127, 17} << Axes{-1} << f32 << Layout::C << 0;
    QTest::newRow("last axis int64") << Axes{131, 127, 17} << Axes{-1} << i64 << Layout::C << 0;
    QTest::newRow("last axis, reversed") << Axes{131, 127, 17} << Axes{-1} << f64 << Layout::Reversed << 2;
    QTest::newRow("last axis, strided rows") << Axes{131, 127, 17} << Axes{-1} << f64 << Layout::Strided << 1;
    QTest::newRow("last axis, fortran") << Axes{131, 127, 17} << Axes{2} << f64 << Layout::F << 0;
    QTest::newRow("first axis") << Axes{131, 127, 17} << Axes{0} << f32 << Layout::Reversed << 0;
    QTest::newRow("middle axis") << Axes{131, 127, 17} << Axes{1} << i64 << Layout::Strided << 2;
    QTest::newRow("two axes") << Axes{131, 127, 17} << Axes{0, 2} << f64 << Layout::F << 0;
    QTest::newRow("4-d") << Axes{7, 67, 11, 53} << Axes{-1} << f64 << Layout::Strided << 1;
}

void TensorReduceTest::largeViewsMatchLoops()
{
    QFETCH(Axes, shape);
    QFETCH(Axes, axes);
    QFETCH(int, dtype);
    QFETCH(Layout, layout);
    QFETCH(int, layoutAxis);
    std::mt19937_64 rng(23);
    const DType t = DType(dtype);
    const Tensor a = inLayout(randomTensor(rng, shape, t), layout, layoutAxis);
    std::vector<bool> reduced(shape.size(), false);
    for (std::int64_t ax : axes)
        reduced[std::size_t(ax < 0 ? ax + std::int64_t(shape.size()) : ax)] = true;
    const auto g = groups(a, reduced);
    const std::vector<double> sv = sum(a, axes).toVector<double>(), xv = max(a, axes).toVector<double>(),
                              nv = min(a, axes).toVector<double>();
    QCOMPARE(sv.size(), g.size());
    std::size_t k = 0;
    int wrong = 0;
    for (const auto& [key, vals] : g) {  // map order is C order of the output
        double total = 0, magnitude = 0, big = -INFINITY, small = INFINITY;
        for (double x : vals) {
            total += x;
            magnitude += std::abs(x);
            big = std::max(big, x);
            small = std::min(small, x);
        }
        // Sums in another order differ by rounding: float32 stores a double sum as float.
        const double tolerance = t == DType::Int64 ? 0 : t == DType::Float32 ? 1e-6 * magnitude : 1e-13 * magnitude;
        if (std::abs(sv[k] - total) > tolerance || xv[k] != big || nv[k] != small)
            ++wrong;
        ++k;
    }
    QCOMPARE(wrong, 0);
    if (axes.size() == 1) {
        const std::vector<std::int64_t> iv = argmax(a, axes[0]).toVector<std::int64_t>();
        k = 0;
        for (const auto& [key, vals] : g) {
            const auto first = std::max_element(vals.begin(), vals.end());  // the first of equal maxima
            if (iv[k++] != first - vals.begin())
                ++wrong;
        }
        QCOMPARE(wrong, 0);
    }
}

void TensorReduceTest::keepdimsBroadcastsBack()
{
    const Tensor a = Tensor::arange(0.0, 24.0).reshape({2, 3, 4}).tensor;
    const Tensor m = mean(a, {0, 2}, true);
    QCOMPARE(m.shape(), (Shape{1, 3, 1}));
    const Tensor centred = a - m;
    QVERIFY(std::abs(sum(centred).item<double>()) < 1e-12);
    QCOMPARE(sum(a, {1}, true).shape(), (Shape{2, 1, 4}));
    QCOMPARE(max(a, {}, true).shape(), (Shape{1, 1, 1}));
    QCOMPARE(var(a, {}, false, 1).item<double>(), 50.0);  // sample variance of 0 … 23
}

void TensorReduceTest::dtypes()
{
    QCOMPARE(sum(Tensor::arange(5)).dtype(), DType::Int64);
    QCOMPARE(sum(Tensor::arange(5)).item<std::int64_t>(), 10);
    QCOMPARE(sum(Tensor::fromList<bool>({true, true, false})).item<std::int64_t>(), 2);
    QCOMPARE(mean(Tensor::arange(4)).dtype(), DType::Float64);
    QCOMPARE(mean(Tensor::arange(4)).item<double>(), 1.5);
    QCOMPARE(sum(Tensor::ones({3}, DType::Float32)).dtype(), DType::Float32);
    QCOMPARE(max(Tensor::arange(4)).dtype(), DType::Int64);
    QCOMPARE(sum(Tensor::zeros({0, 3}), {0}).toVector<double>(), (std::vector<double>{0, 0, 0}));
}

void TensorReduceTest::argmaxFirstAndFlat()
{
    const Tensor a = Tensor::fromVector(std::vector<double>{1, 5, 5, 7, 0, 7}, {2, 3});
    QCOMPARE(argmax(a, 1).toVector<std::int64_t>(), (std::vector<std::int64_t>{1, 0}));
    QCOMPARE(argmax(a, 0).toVector<std::int64_t>(), (std::vector<std::int64_t>{1, 0, 1}));
    QCOMPARE(argmax(a).item<std::int64_t>(), 3);
    QCOMPARE(argmax(a.transpose()).item<std::int64_t>(), 1);  // flattened in C order of the view
    QCOMPARE(argmax(a, -1, true).shape(), (Shape{2, 1}));
}

void TensorReduceTest::nanPropagates()
{
    const Tensor a = Tensor::fromList<double>({1, NAN, 3});
    QVERIFY(std::isnan(max(a).item<double>()));
    QVERIFY(std::isnan(sum(a).item<double>()));
    QCOMPARE(argmax(a).item<std::int64_t>(), 1);
}

// Inputs that overflow exp() in a naive softmax: the result must still be exact.
void TensorReduceTest::softmaxIsStable()
{
    const Tensor big = Tensor::fromList<double>({1000, 1000, 999});
    const std::vector<double> p = softmax(big).toVector<double>();
    const double e = std::exp(-1.0);
    QVERIFY(std::abs(p[0] - 1 / (2 + e)) < 1e-15);
    QVERIFY(std::abs(p[2] - e / (2 + e)) < 1e-15);
    const std::vector<float> f = softmax(Tensor::fromList<float>({-1e30f, 0.f, 88.f, 89.f})).toVector<float>();
    QVERIFY(std::abs(f[3] - 1.f / (1.f + std::exp(-1.f))) < 1e-6f);
    QCOMPARE(f[0], 0.f);
    QVERIFY(std::abs(logsumexp(big).item<double>() - (1000 + std::log(2 + e))) < 1e-12);
    QCOMPARE(logsumexp(Tensor::fromList<double>({-INFINITY, -INFINITY})).item<double>(), -INFINITY);
}

void TensorReduceTest::softmaxOverAxes()
{
    std::mt19937_64 rng(4);
    const Tensor a = randomLayout(rng, randomTensor(rng, {3, 4, 5}));
    for (const Axes& axes : {Axes{-1}, Axes{0}, Axes{0, 2}, Axes{}}) {
        const Tensor s = softmax(a, axes);
        std::vector<bool> reduced(3, axes.empty());
        for (std::int64_t ax : axes)
            reduced[std::size_t(ax < 0 ? ax + 3 : ax)] = true;
        const auto g = groups(a, reduced);
        forEachIndex(a.shape(), [&](const std::vector<std::int64_t>& i) {
            std::vector<std::int64_t> key;
            for (std::size_t d = 0; d < 3; ++d)
                if (!reduced[d])
                    key.push_back(i[d]);
            double denom = 0;
            for (double x : g.at(key))
                denom += std::exp(x);
            QVERIFY(std::abs(s.value(i) - std::exp(a.value(i)) / denom) < 1e-14);
        });
    }
    // Threaded path: large enough to split across threads.
    const Tensor wide = randomTensor(rng, {300, 256}, DType::Float32);
    const Tensor sw = softmax(wide);
    const Tensor rowSums = sum(sw, {-1});
    for (float x : rowSums.toVector<float>())
        QVERIFY(std::abs(x - 1.f) < 1e-5f);
}

// Long contiguous rows take the SIMD path: float32 and float64 against softmax computed in
// long double with std::exp, masked (-inf) scores get exactly 0, and rows whose maximum is
// NaN or +inf give NumPy's all-NaN row. Rows are 37 long so the SIMD tail is exercised.
void TensorReduceTest::softmaxContiguousRows()
{
    const std::int64_t rows = 64, n = 37;
    std::mt19937_64 rng(21);
    std::uniform_real_distribution<double> spread(-60, 60);
    std::vector<double> x(std::size_t(rows * n));
    for (double& v : x)
        v = spread(rng);
    for (std::int64_t r = 0; r < rows; r += 3)
        x[std::size_t(r * n + r % n)] = -INFINITY;
    x[std::size_t(5 * n + 2)] = NAN;
    x[std::size_t(7 * n + 4)] = INFINITY;
    for (DType t : {DType::Float32, DType::Float64}) {
        const Tensor in = Tensor::fromVector(x, {rows, n}).astype(t);
        const Tensor out = softmax(in);
        const bool single = t == DType::Float32;
        // Rounding x - max to the row's type already costs |x - max|·eps/2 of relative error.
        const double eps = single ? std::numeric_limits<float>::epsilon() : std::numeric_limits<double>::epsilon();
        for (std::int64_t r = 0; r < rows; ++r) {
            long double big = -INFINITY, total = 0;
            for (std::int64_t i = 0; i < n; ++i)
                big = std::max<long double>(big, in.value({r, i}));
            for (std::int64_t i = 0; i < n; ++i)
                total += std::exp(in.value({r, i}) - big);
            for (std::int64_t i = 0; i < n; ++i) {
                const double got = out.value({r, i});
                if (r == 5 || r == 7) {
                    QVERIFY2(std::isnan(got), qPrintable(QString("row %1 should be all NaN").arg(r)));
                    continue;
                }
                const double want = double(std::exp(in.value({r, i}) - big) / total);
                if (std::isinf(in.value({r, i})))
                    QVERIFY2(got == 0.0, qPrintable(QString("masked score got weight %1").arg(got)));  // QCOMPARE is fuzzy
                else
                    QVERIFY2(std::abs(got - want) <= eps * (8 + double(big) - in.value({r, i})) * want + 1e-37,
                             qPrintable(QString("%1 row %2 col %3: %4 vs %5").arg(single ? "float32" : "float64").arg(r).arg(i).arg(got).arg(want)));
            }
        }
    }
    // In place, as attention does it.
    const Tensor scores = Tensor::fromVector(x, {rows, n}).astype(DType::Float32);
    const Tensor expected = softmax(scores);
    softmax(scores, {-1}, scores);
    QCOMPARE(scores.toVector<float>().size(), expected.toVector<float>().size());
    for (std::int64_t r = 0; r < rows; ++r)
        if (r != 5 && r != 7)
            for (std::int64_t i = 0; i < n; ++i)
                QVERIFY(scores.value({r, i}) == expected.value({r, i}));
}

void TensorReduceTest::errors()
{
    const auto message = [](auto&& f) {
        try {
            f();
        } catch (const mlwb::InputError& e) {
            return QString(e.what());
        }
        return QString("no exception");
    };
    QCOMPARE(message([] { sum(Tensor::zeros({2, 3}), {3}); }),
             QString("axis 3 is out of range for an array of 2 dimensions"));
    QCOMPARE(message([] { mean(Tensor::zeros({2, 3}), {-3}); }),
             QString("axis -3 is out of range for an array of 2 dimensions"));
    QCOMPARE(message([] { sum(Tensor::zeros({2, 3}), {1, -1}); }), QString("axis -1 is repeated"));
    QCOMPARE(message([] { max(Tensor::zeros({2, 0}), {1}); }),
             QString("max: cannot reduce axis 1 of shape (2, 0): it is empty and max has no identity"));
    QCOMPARE(message([] { argmax(Tensor::zeros({0})); }),
             QString("argmax: cannot reduce axis 0 of shape (0,): it is empty and argmax has no identity"));
}

QTEST_APPLESS_MAIN(TensorReduceTest)
#include "tst_tensor_reduce.moc"
