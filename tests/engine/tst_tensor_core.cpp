// tensor.h: layouts, strides, views that share memory, copies that do not, repr.
#include "tensor/tensor.h"
#include "tensor_test_util.h"

#include <QtTest>

#include <algorithm>

using namespace mlwb::tensor;
using namespace tensortest;
Q_DECLARE_METATYPE(mlwb::tensor::Shape)

class TensorCoreTest : public QObject {
    Q_OBJECT
private slots:
    void stridesOfOrders_data();
    void stridesOfOrders();
    void fortranOrderLaysOutColumns();
    void factories();
    void largeBuffersAreReused();
    void arraysBeyondMemoryAreRefused();
    void elementAccessErrors();
    void slicingMatchesIndexLoop();
    void sliceClampsLikePython_data();
    void sliceClampsLikePython();
    void viewsShareMemoryCopiesDoNot();
    void transposeAndPermute();
    void reshapeSaysViewOrCopy();
    void reshapeErrors();
    void broadcastToHasZeroStrides();
    void slidingWindow();
    void asStridedIsBoundsChecked();
    void squeezeAndExpand();
    void astypeConverts();
    void reprLikeNumpy();
};

void TensorCoreTest::stridesOfOrders_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<Shape>("cStrides");
    QTest::addColumn<Shape>("fStrides");
    // Hand-computed: C strides are itemsize × product of the later sizes, F of the earlier.
    QTest::newRow("(3, 4) f64") << Shape{3, 4} << int(DType::Float64) << Shape{32, 8} << Shape{8, 24};
    QTest::newRow("(2, 3, 4) f32") << Shape{2, 3, 4} << int(DType::Float32) << Shape{48, 16, 4} << Shape{4, 8, 24};
    QTest::newRow("(5,) bool") << Shape{5} << int(DType::Bool) << Shape{1} << Shape{1};
    QTest::newRow("() i64") << Shape{} << int(DType::Int64) << Shape{} << Shape{};
}

void TensorCoreTest::stridesOfOrders()
{
    QFETCH(Shape, shape);
    QFETCH(int, dtype);
    QFETCH(Shape, cStrides);
    QFETCH(Shape, fStrides);
    const Tensor c = Tensor::zeros(shape, DType(dtype), Order::C);
    const Tensor f = Tensor::zeros(shape, DType(dtype), Order::F);
    QCOMPARE(c.strides(), cStrides);
    QCOMPARE(f.strides(), fStrides);
    QVERIFY(c.isCContiguous());
    QVERIFY(f.isFContiguous());
    QCOMPARE(c.isFContiguous(), shape.size() <= 1);
    QCOMPARE(c.nbytes(), c.size() * std::int64_t(itemsize(DType(dtype))));
}

void TensorCoreTest::fortranOrderLaysOutColumns()
{
    const std::vector<double> v{1, 2, 3, 4, 5, 6};
    const Tensor f = Tensor::fromVector(v, {2, 3}, Order::F);  // columns (1,2), (3,4), (5,6)
    QCOMPARE(f.at<double>({0, 1}), 3.0);
    QCOMPARE(f.at<double>({1, 0}), 2.0);
    QCOMPARE(f.toVector<double>(), (std::vector<double>{1, 3, 5, 2, 4, 6}));
    const Tensor c = f.copy(Order::C);
    QVERIFY(c.isCContiguous());
    QCOMPARE(std::vector<double>(c.data<double>(), c.data<double>() + 6), (std::vector<double>{1, 3, 5, 2, 4, 6}));
    QCOMPARE(f.transpose().isCContiguous(), true);
}

void TensorCoreTest::factories()
{
    QCOMPARE(Tensor::arange(0.0, 1.0, 0.25).toVector<double>(), (std::vector<double>{0, 0.25, 0.5, 0.75}));
    QCOMPARE(Tensor::arange(5.0, 0.0, -2.0).toVector<double>(), (std::vector<double>{5, 3, 1}));
    QCOMPARE(Tensor::arange(4).toVector<std::int64_t>(), (std::vector<std::int64_t>{0, 1, 2, 3}));
    QCOMPARE(Tensor::full({2}, 7.5, DType::Float32).toVector<float>(), (std::vector<float>{7.5f, 7.5f}));
    QCOMPARE(Tensor::ones({2, 2}).toVector<double>(), (std::vector<double>(4, 1.0)));
    QCOMPARE(Tensor().ndim(), 0);
    QCOMPARE(Tensor::scalar(3, DType::Int64).item<double>(), 3.0);
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, Tensor::arange(0, 1, 0));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, Tensor::fromVector(std::vector<double>{1, 2, 3}, {2, 2}));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, Tensor::zeros({2, -1}));
}

// A released 16 MB buffer serves the next array of the same byte size, whatever its shape or
// dtype, and zeros() still zeroes it.
void TensorCoreTest::largeBuffersAreReused()
{
    releaseCachedBuffers();
    const std::byte* first = nullptr;
    {
        const Tensor a = Tensor::full({2'000'000}, 7.0);
        first = a.bytes();
    }
    const Tensor b = Tensor::zeros({1000, 1000, 2}, DType::Int64);
    QCOMPARE(b.bytes(), first);
    const std::vector<std::int64_t> values = b.toVector<std::int64_t>();
    QVERIFY(std::all_of(values.begin(), values.end(), [](std::int64_t v) { return v == 0; }));
    releaseCachedBuffers();
}

// An array the machine cannot hold is an error naming it, not a killed program; a size that
// overflows 64 bits is caught before anything is multiplied out.
void TensorCoreTest::arraysBeyondMemoryAreRefused()
{
    const auto message = [](const Shape& shape, DType t) {
        try {
            Tensor::empty(shape, t);
        } catch (const mlwb::InputError& e) {
            return QString(e.what());
        }
        return QString("no exception");
    };
    const QString huge = message({1 << 20, 1 << 20, 1 << 10}, DType::Float64);
    QVERIFY2(huge.startsWith("unable to allocate 8.39e+06 GiB for an array with shape (1048576, 1048576, 1024) and "
                             "data type float64: this machine has "),
             qPrintable(huge));
    const QString overflow = message({std::int64_t(1) << 40, std::int64_t(1) << 40}, DType::Int64);
    QVERIFY2(overflow.startsWith("unable to allocate more bytes than a 64-bit address has for an array with shape "
                                 "(1099511627776, 1099511627776)"),
             qPrintable(overflow));
    // Empty, but its strides would not fit in 64 bits: refused like NumPy's "array is too big".
    QVERIFY(message({std::int64_t(1) << 40, std::int64_t(1) << 40, 0}, DType::Int64).startsWith("unable to allocate more bytes"));
    QCOMPARE(Tensor::empty({std::int64_t(1) << 20, 0}).size(), 0);
}

void TensorCoreTest::elementAccessErrors()
{
    const Tensor t = Tensor::zeros({2, 3});
    t.at<double>({-1, -1}) = 5;
    QCOMPARE(t.value({1, 2}), 5.0);
    try {
        t.value({2, 0});
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("index 2 is out of range for axis 0 with size 2"));
    }
    try {
        t.data<float>();
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("the array holds float64, not float32"));
    }
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, t.value({0}));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, t.item<double>());
}

// Every slice of a 3-d array, read through the view, against the same positions computed with
// Python's rules by a plain loop over the original.
void TensorCoreTest::slicingMatchesIndexLoop()
{
    const Tensor base = Tensor::arange(0.0, 60.0).reshape({3, 4, 5}).tensor;
    const std::optional<std::int64_t> bounds[] = {std::nullopt, -7, -2, 0, 1, 3, 9};
    const std::int64_t steps[] = {1, 2, -1, -2, 3};
    int checked = 0;
    for (auto start : bounds)
        for (auto stop : bounds)
            for (std::int64_t step : steps) {
                const Tensor v = base.slice(2, start, stop, step);
                // Python's range of selected indices along axis 2 (size 5), written out.
                std::vector<std::int64_t> picked;
                const std::int64_t n = 5;
                std::int64_t lo, hi;
                const auto clampPos = [&](std::int64_t x) { return x < 0 ? std::max<std::int64_t>(x + n, 0) : std::min(x, n); };
                const auto clampNeg = [&](std::int64_t x) { return x < 0 ? std::max<std::int64_t>(x + n, -1) : std::min(x, n - 1); };
                if (step > 0) {
                    lo = start ? clampPos(*start) : 0;
                    hi = stop ? clampPos(*stop) : n;
                    for (std::int64_t i = lo; i < hi; i += step)
                        picked.push_back(i);
                } else {
                    lo = start ? clampNeg(*start) : n - 1;
                    hi = stop ? clampNeg(*stop) : -1;
                    for (std::int64_t i = lo; i > hi; i += step)
                        picked.push_back(i);
                }
                QCOMPARE(v.shape(), (Shape{3, 4, std::int64_t(picked.size())}));
                forEachIndex(v.shape(), [&](const std::vector<std::int64_t>& idx) {
                    const double expected = double(idx[0] * 20 + idx[1] * 5 + picked[std::size_t(idx[2])]);
                    QCOMPARE(v.value(idx), expected);
                });
                if (!picked.empty())
                    QVERIFY(sharesMemory(v, base));
                ++checked;
            }
    QCOMPARE(checked, 7 * 7 * 5);
    // Multi-axis: a[::-1, 1:3] and an integer index.
    const Tensor m = base.slice({Slice{std::nullopt, std::nullopt, -1}, Slice{1, 3}});
    QCOMPARE(m.shape(), (Shape{3, 2, 5}));
    QCOMPARE(m.value({0, 0, 0}), 45.0);
    QCOMPARE(m.strides(), (Shape{-160, 40, 8}));
    QCOMPARE(base.index(1, -1).value({2, 4}), 59.0);
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, base.slice(0, 0, 2, 0));
}

void TensorCoreTest::sliceClampsLikePython_data()
{
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("stop");
    QTest::addColumn<int>("step");
    QTest::addColumn<std::vector<std::int64_t>>("values");
    // list(range(6))[start:stop:step] in Python.
    QTest::newRow("[4:1:-1]") << 4 << 1 << -1 << std::vector<std::int64_t>{4, 3, 2};
    QTest::newRow("[10:-10:-2]") << 10 << -10 << -2 << std::vector<std::int64_t>{5, 3, 1};
    QTest::newRow("[-2:100]") << -2 << 100 << 1 << std::vector<std::int64_t>{4, 5};
    QTest::newRow("[3:3]") << 3 << 3 << 1 << std::vector<std::int64_t>{};
    QTest::newRow("[1:5:3]") << 1 << 5 << 3 << std::vector<std::int64_t>{1, 4};
}

void TensorCoreTest::sliceClampsLikePython()
{
    QFETCH(int, start);
    QFETCH(int, stop);
    QFETCH(int, step);
    QFETCH(std::vector<std::int64_t>, values);
    QCOMPARE(Tensor::arange(6).slice(0, start, stop, step).toVector<std::int64_t>(), values);
}

void TensorCoreTest::viewsShareMemoryCopiesDoNot()
{
    const Tensor a = Tensor::arange(0.0, 12.0).reshape({3, 4}).tensor;
    const Tensor views[] = {a.slice(1, 1, 3), a.transpose(), a.permute({1, 0}), a.reshape({2, 6}).tensor,
                            a.broadcastTo({2, 3, 4}), a.slidingWindowView(2, 1), a.expandDims(0), a.index(0, 1),
                            a.slice(0, std::nullopt, std::nullopt, -1), a.contiguous()};
    for (const Tensor& v : views)
        QVERIFY(sharesMemory(a, v));
    const Tensor copies[] = {a.copy(), a.copy(Order::F), a.astype(DType::Float32), a.transpose().contiguous()};
    for (const Tensor& c : copies)
        QVERIFY(!sharesMemory(a, c));
    // A write through a view is seen by the base, and not through a copy.
    const Tensor t = a.transpose();
    const Tensor c = a.copy();
    t.at<double>({3, 2}) = -1;
    QCOMPARE(a.value({2, 3}), -1.0);
    QCOMPARE(c.value({2, 3}), 11.0);
    // Disjoint halves of one buffer do not share.
    QVERIFY(!sharesMemory(a.slice(0, 0, 1), a.slice(0, 1, 3)));
}

void TensorCoreTest::transposeAndPermute()
{
    const Tensor a = Tensor::arange(0.0, 24.0).reshape({2, 3, 4}).tensor;
    const Tensor p = a.permute({2, 0, -2});
    QCOMPARE(p.shape(), (Shape{4, 2, 3}));
    QCOMPARE(p.strides(), (Shape{8, 96, 32}));
    forEachIndex(p.shape(), [&](const std::vector<std::int64_t>& i) { QCOMPARE(p.value(i), a.value({i[1], i[2], i[0]})); });
    QCOMPARE(a.transpose().shape(), (Shape{4, 3, 2}));
    QCOMPARE(a.swapAxes(0, 2).shape(), (Shape{4, 3, 2}));
    QVERIFY_THROWS_EXCEPTION(AxisError, a.permute({0, 1}));
    QVERIFY_THROWS_EXCEPTION(AxisError, a.permute({0, 1, 1}));
}

void TensorCoreTest::reshapeSaysViewOrCopy()
{
    const Tensor a = Tensor::arange(0.0, 24.0).reshape({2, 3, 4}).tensor;
    ReshapeResult r = a.reshape({6, -1});
    QVERIFY(!r.copied);
    QCOMPARE(r.tensor.shape(), (Shape{6, 4}));
    // Transposed: (4, 3, 2) read in C order is not a strided view of the buffer.
    r = a.transpose().reshape({24});
    QVERIFY(r.copied);
    QVERIFY(!sharesMemory(r.tensor, a));
    std::vector<double> expected;
    forEachIndex({4, 3, 2}, [&](const std::vector<std::int64_t>& i) { expected.push_back(a.value({i[2], i[1], i[0]})); });
    QCOMPARE(r.tensor.toVector<double>(), expected);
    // Merging axes that stay contiguous in a transposed array is a view: (4, 3, 2) -> (4, 6).
    r = a.permute({2, 0, 1}).reshape({4, 6});
    QVERIFY(!r.copied);
    forEachIndex({4, 6}, [&](const std::vector<std::int64_t>& i) {
        QCOMPARE(r.tensor.value(i), a.value({i[1] / 3, i[1] % 3, i[0]}));
    });
    // Splitting a sliced axis is a view; adding size-1 axes too.
    r = a.slice(2, std::nullopt, std::nullopt, 2).reshape({2, 3, 1, 2});
    QVERIFY(!r.copied);
    QCOMPARE(r.tensor.value({1, 2, 0, 1}), a.value({1, 2, 2}));
}

void TensorCoreTest::reshapeErrors()
{
    const Tensor a = Tensor::zeros({2, 3});
    try {
        a.reshape({4, 2});
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("cannot reshape array of size 6 into shape (4, 2)"));
    }
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, a.reshape({-1, -1}));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, a.reshape({-1, 4}));
}

void TensorCoreTest::broadcastToHasZeroStrides()
{
    const Tensor row = Tensor::arange(0.0, 3.0);
    const Tensor b = row.broadcastTo({4, 3});
    QCOMPARE(b.strides(), (Shape{0, 8}));
    QCOMPARE(b.value({3, 2}), 2.0);
    const Tensor col = Tensor::arange(0.0, 4.0).reshape({4, 1}).tensor.broadcastTo({2, 4, 3});
    QCOMPARE(col.strides(), (Shape{0, 8, 0}));
    try {
        row.broadcastTo({3, 4});
        QFAIL("no exception");
    } catch (const BroadcastError& e) {
        QCOMPARE(QString(e.what()), QString("cannot broadcast shapes (3,) and (3, 4): axis -1 is 3 vs 4"));
    }
    QVERIFY_THROWS_EXCEPTION(BroadcastError, Tensor::zeros({2, 3}).broadcastTo({3}));
}

void TensorCoreTest::slidingWindow()
{
    const Tensor x = Tensor::arange(0.0, 6.0);
    const Tensor w = x.slidingWindowView(3);
    QCOMPARE(w.shape(), (Shape{4, 3}));
    QCOMPARE(w.strides(), (Shape{8, 8}));
    forEachIndex(w.shape(), [&](const std::vector<std::int64_t>& i) { QCOMPARE(w.value(i), double(i[0] + i[1])); });
    const Tensor m = Tensor::arange(0.0, 12.0).reshape({3, 4}).tensor.slidingWindowView(2, 0);
    QCOMPARE(m.shape(), (Shape{2, 4, 2}));
    QCOMPARE(m.value({1, 3, 1}), 11.0);
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, x.slidingWindowView(7));
}

void TensorCoreTest::asStridedIsBoundsChecked()
{
    const Tensor x = Tensor::arange(0.0, 6.0);
    const Tensor t = x.asStrided({3, 2}, {16, 8});
    QCOMPARE(t.toVector<double>(), (std::vector<double>{0, 1, 2, 3, 4, 5}));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, x.asStrided({3, 3}, {16, 8}));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, x.asStrided({2}, {-8}));
}

void TensorCoreTest::squeezeAndExpand()
{
    const Tensor a = Tensor::zeros({1, 3, 1});
    QCOMPARE(a.squeeze().shape(), (Shape{3}));
    QCOMPARE(a.squeeze(-1).shape(), (Shape{1, 3}));
    QCOMPARE(a.expandDims(1).shape(), (Shape{1, 1, 3, 1}));
    QCOMPARE(a.expandDims(-1).shape(), (Shape{1, 3, 1, 1}));
    QCOMPARE(Tensor::zeros({3}).expandDims(0).shape(), (Shape{1, 3}));
    try {
        a.squeeze(1);
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("cannot squeeze axis 1 of shape (1, 3, 1): its size is 3, not 1"));
    }
    QVERIFY_THROWS_EXCEPTION(AxisError, a.expandDims(5));
}

void TensorCoreTest::astypeConverts()
{
    const Tensor x = Tensor::fromList<double>({-1.7, 0.0, 2.5, NAN});
    QCOMPARE(x.astype(DType::Int64).toVector<std::int64_t>(), (std::vector<std::int64_t>{-1, 0, 2, INT64_MIN}));
    QCOMPARE(x.astype(DType::Bool).toVector<bool>(), (std::vector<bool>{true, false, true, true}));
    QCOMPARE(x.astype(DType::Float32).dtype(), DType::Float32);
}

void TensorCoreTest::reprLikeNumpy()
{
    // The strings NumPy 1.24 prints for the same arrays.
    QCOMPARE(QString::fromStdString(Tensor::arange(0.0, 4.0).reshape({2, 2}).tensor.toString()),
             QString("array([[0., 1.],\n       [2., 3.]])"));
    QCOMPARE(QString::fromStdString(Tensor::arange(3).toString()), QString("array([0, 1, 2])"));
    QCOMPARE(QString::fromStdString(Tensor::fromList<double>({1.0, 0.25}).toString()), QString("array([1.  , 0.25])"));
    QCOMPARE(QString::fromStdString(Tensor::fromList<bool>({true, false}).toString()), QString("array([ True, False])"));
    QCOMPARE(QString::fromStdString(Tensor::fromList<float>({1.5f}).toString()), QString("array([1.5], dtype=float32)"));
    // As NumPy prints np.array([0.9167, 2.5], dtype=np.float32): the shortest form, not 0.91670001.
    QCOMPARE(QString::fromStdString(Tensor::fromList<float>({0.9167f, 2.5f}).toString()),
             QString("array([0.9167, 2.5   ], dtype=float32)"));
    QCOMPARE(QString::fromStdString(Tensor::scalar(5).toString()), QString("array(5.)"));
    QCOMPARE(QString::fromStdString(Tensor::zeros({0}).toString()), QString("array([], dtype=float64)"));
    QCOMPARE(QString::fromStdString(Tensor::arange(2000).toString()), QString("array([   0,    1,    2, ..., 1997, 1998, 1999])"));
}

QTEST_APPLESS_MAIN(TensorCoreTest)
#include "tst_tensor_core.moc"
