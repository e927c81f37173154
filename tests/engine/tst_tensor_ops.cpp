// ops.h: elementwise arithmetic with broadcasting and promotion, against brute-force loops.
#include "tensor/detail/gemm.h"
#include "tensor/ops.h"
#include "tensor_test_util.h"

#include <QtTest>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>

// Counts every allocation while armed: the out= forms must make none.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
void* counted(std::size_t n)
{
    if (g_counting)
        ++g_allocations;
    if (void* p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void* countedAligned(std::size_t n, std::align_val_t al)
{
    if (g_counting)
        ++g_allocations;
    const std::size_t a = static_cast<std::size_t>(al);
    if (void* p = std::aligned_alloc(a, (std::max<std::size_t>(n, 1) + a - 1) / a * a))
        return p;
    throw std::bad_alloc();
}
} // namespace
void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void* operator new(std::size_t n, std::align_val_t a) { return countedAligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return countedAligned(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace mlwb::tensor;
using namespace tensortest;
Q_DECLARE_METATYPE(mlwb::tensor::Shape)
Q_DECLARE_METATYPE(tensortest::Layout)

namespace {

double reference(BinaryOp op, double a, double b)
{
    switch (op) {
    case BinaryOp::Add: return a + b;
    case BinaryOp::Subtract: return a - b;
    case BinaryOp::Multiply: return a * b;
    case BinaryOp::Divide: return a / b;
    case BinaryOp::Maximum: return std::isnan(a) || a >= b ? a : b;
    case BinaryOp::Minimum: return std::isnan(a) || a <= b ? a : b;
    case BinaryOp::Power: return std::pow(a, b);
    case BinaryOp::Equal: return a == b;
    case BinaryOp::NotEqual: return a != b;
    case BinaryOp::Less: return a < b;
    case BinaryOp::LessEqual: return a <= b;
    case BinaryOp::Greater: return a > b;
    case BinaryOp::GreaterEqual: return a >= b;
    }
    return 0;
}

bool close(double x, double y, double tol)
{
    if (std::isnan(x) || std::isnan(y))
        return std::isnan(x) && std::isnan(y);
    if (std::isinf(x) || std::isinf(y))
        return x == y;
    return std::abs(x - y) <= tol * (1 + std::abs(y));
}

} // namespace

class TensorOpsTest : public QObject {
    Q_OBJECT
private slots:
    void binaryMatchesBruteForce();
    void largeBroadcastMatchesBruteForce();
    void rowBlocksMatchBruteForce_data();
    void rowBlocksMatchBruteForce();
    void resultTypes_data();
    void resultTypes();
    void scalarsFollowValueRules();
    void inPlaceAndOut();
    void outFormAllocatesNothing();
    void overlappingOutputIsSafe();
    void unaryMatchesStd();
    void sigmoidIsStable();
    void vectorMathOnEveryIsa();
    void clipAndWhere();
    void errorsNameTheProblem();
};

// Several hundred random shape pairs (sizes 0 … 3, up to 4 axes) in random layouts and
// dtypes, every operation, against a loop over the result's indices that reads each operand
// at its broadcast index. Pairs that do not broadcast must give exactly the expected message.
void TensorOpsTest::binaryMatchesBruteForce()
{
    std::mt19937_64 rng(2024);
    const DType types[] = {DType::Float64, DType::Float32, DType::Int64, DType::Bool};
    const BinaryOp ops[] = {BinaryOp::Add, BinaryOp::Subtract, BinaryOp::Multiply, BinaryOp::Divide,
                            BinaryOp::Maximum, BinaryOp::Minimum, BinaryOp::Power, BinaryOp::Less,
                            BinaryOp::Equal, BinaryOp::GreaterEqual};
    int compared = 0, failures = 0;
    for (int trial = 0; trial < 600; ++trial) {
        Shape sa = randomShape(rng, 4, 3), sb = randomShape(rng, 4, 3);
        if (trial % 3 == 0)  // make a third of them broadcast-compatible on purpose
            for (std::size_t i = 0; i < sb.size() && i < sa.size(); ++i) {
                if (std::uniform_int_distribution<int>(0, 1)(rng))
                    sb[sb.size() - 1 - i] = sa[sa.size() - 1 - i];
                else
                    sb[sb.size() - 1 - i] = 1;
            }
        const DType ta = types[std::uniform_int_distribution<int>(0, 3)(rng)];
        const DType tb = types[std::uniform_int_distribution<int>(0, 3)(rng)];
        const Tensor a = randomLayout(rng, randomTensor(rng, sa, ta));
        const Tensor b = randomLayout(rng, randomTensor(rng, sb, tb));
        const BinaryOp op = ops[std::uniform_int_distribution<int>(0, 9)(rng)];
        if (op == BinaryOp::Subtract && ta == DType::Bool && tb == DType::Bool)
            continue;
        if (op == BinaryOp::Power && promoteTypes(ta, tb) != DType::Float64 && promoteTypes(ta, tb) != DType::Float32)
            continue;  // integer powers are checked separately
        Shape expectedShape;
        std::string expectedError;
        const bool ok = expectedBroadcast(sa, sb, expectedShape, expectedError);
        try {
            const Tensor r = binary(op, a, b);
            QVERIFY2(ok, expectedError.c_str());
            QCOMPARE(r.shape(), expectedShape);
            QCOMPARE(r.dtype(), resultType(op, ta, tb));
            const bool f32 = r.dtype() == DType::Float32 || promoteTypes(ta, tb) == DType::Float32;
            forEachIndex(expectedShape, [&](const std::vector<std::int64_t>& idx) {
                double x = a.value(broadcastIndex(idx, sa)), y = b.value(broadcastIndex(idx, sb));
                if (f32) {  // the loop computes in float32
                    x = double(float(x));
                    y = double(float(y));
                }
                double want = reference(op, x, y);
                if (r.dtype() == DType::Bool && !(op >= BinaryOp::Equal))
                    want = want != 0;
                if (!close(r.value(idx), want, f32 ? 1e-6 : 1e-12))
                    ++failures;
                ++compared;
            });
        } catch (const BroadcastError& e) {
            QVERIFY2(!ok, e.what());
            QCOMPARE(std::string(e.what()), expectedError);
        }
    }
    QCOMPARE(failures, 0);
    qInfo("%d elements compared", compared);
    QVERIFY(compared > 1000);
}

// Sizes above the threading threshold, with the W1 pattern and a transposed operand.
void TensorOpsTest::largeBroadcastMatchesBruteForce()
{
    std::mt19937_64 rng(5);
    const Tensor a = randomTensor(rng, {80, 1, 70});
    const Tensor b = randomTensor(rng, {1, 50, 70});
    const Tensor r = add(a, b);
    const Tensor t = randomTensor(rng, {70, 50}).transpose();  // (50, 70), strides (8, 400)
    const Tensor r2 = multiply(r, t);
    double worst = 0;
    forEachIndex(r.shape(), [&](const std::vector<std::int64_t>& i) {
        const double s = a.value({i[0], 0, i[2]}) + b.value({0, i[1], i[2]});
        worst = std::max(worst, std::abs(r.value(i) - s));
        worst = std::max(worst, std::abs(r2.value(i) - s * t.value({i[1], i[2]})));
    });
    QCOMPARE(worst, 0.0);
}

// The loop runs whole rows of the innermost axis in blocks, and the threads split the work
// mid-row. Odd sizes above the threading threshold (2^18 elements), broadcasting in every
// axis position, views with negative and non-unit strides, and an output in Fortran order,
// each element against the operands read at their broadcast index.
void TensorOpsTest::rowBlocksMatchBruteForce_data()
{
    QTest::addColumn<Shape>("sa");
    QTest::addColumn<Shape>("sb");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<Layout>("layoutA");
    QTest::addColumn<Layout>("layoutB");
    QTest::addColumn<bool>("fortranOut");
    const int f64 = int(DType::Float64), f32 = int(DType::Float32), i64 = int(DType::Int64);
    QTest::newRow("pairwise (n,1,d) (1,n,d)") << Shape{131, 1, 17} << Shape{1, 127, 17} << f64 << Layout::C << Layout::C << false;
    QTest::newRow("pairwise f32") << Shape{131, 1, 17} << Shape{1, 127, 17} << f32 << Layout::C << Layout::C << false;
    QTest::newRow("pairwise int64") << Shape{131, 1, 17} << Shape{1, 127, 17} << i64 << Layout::C << Layout::C << false;
    QTest::newRow("broadcast axis 0") << Shape{1, 130, 41} << Shape{53, 130, 41} << f64 << Layout::C << Layout::C << false;
    QTest::newRow("broadcast axis 1") << Shape{53, 1, 41} << Shape{53, 130, 41} << f64 << Layout::C << Layout::C << false;
    QTest::newRow("broadcast last axis") << Shape{53, 130, 1} << Shape{53, 130, 41} << f64 << Layout::C << Layout::C << false;
    QTest::newRow("broadcast last axis, b") << Shape{53, 130, 41} << Shape{53, 130, 1} << f32 << Layout::C << Layout::C << false;
    QTest::newRow("missing leading axes") << Shape{41} << Shape{53, 130, 41} << i64 << Layout::C << Layout::C << false;
    QTest::newRow("outer product") << Shape{541, 1} << Shape{1, 499} << f64 << Layout::C << Layout::C << false;
    QTest::newRow("reversed last axis") << Shape{131, 1, 17} << Shape{1, 127, 17} << f64 << Layout::Reversed << Layout::C << false;
    QTest::newRow("strided last axis") << Shape{131, 1, 17} << Shape{1, 127, 17} << f64 << Layout::C << Layout::Strided << false;
    QTest::newRow("fortran operands") << Shape{53, 130, 41} << Shape{53, 1, 41} << f64 << Layout::F << Layout::F << false;
    QTest::newRow("fortran out") << Shape{131, 1, 17} << Shape{1, 127, 17} << f64 << Layout::C << Layout::C << true;
    QTest::newRow("4-d, short rows") << Shape{23, 1, 43, 3} << Shape{1, 97, 1, 3} << f64 << Layout::Strided << Layout::C << false;
    QTest::newRow("small") << Shape{3, 1, 5} << Shape{1, 4, 5} << f64 << Layout::Reversed << Layout::F << false;
}

void TensorOpsTest::rowBlocksMatchBruteForce()
{
    QFETCH(Shape, sa);
    QFETCH(Shape, sb);
    QFETCH(int, dtype);
    QFETCH(Layout, layoutA);
    QFETCH(Layout, layoutB);
    QFETCH(bool, fortranOut);
    std::mt19937_64 rng(17);
    const DType t = DType(dtype);
    const Tensor a = inLayout(randomTensor(rng, sa, t), layoutA, -1);
    const Tensor b = inLayout(randomTensor(rng, sb, t), layoutB, -1);
    Shape expected;
    std::string error;
    QVERIFY(expectedBroadcast(sa, sb, expected, error));
    for (BinaryOp op : {BinaryOp::Subtract, BinaryOp::Multiply, BinaryOp::Maximum}) {
        const Tensor out = fortranOut ? Tensor::empty(expected, t, Order::F) : Tensor::empty(expected, t);
        binary(op, a, b, out);
        std::int64_t wrong = 0;
        forEachIndex(expected, [&](const std::vector<std::int64_t>& i) {
            // The exact double result of two float32 operands, rounded once to float32, is what
            // IEEE float32 arithmetic gives: every dtype compares exactly.
            double want = reference(op, a.value(broadcastIndex(i, sa)), b.value(broadcastIndex(i, sb)));
            if (t == DType::Float32)
                want = double(float(want));
            if (out.value(i) != want)
                ++wrong;
        });
        QCOMPARE(wrong, 0);
    }
}

void TensorOpsTest::resultTypes_data()
{
    QTest::addColumn<int>("op");
    QTest::addColumn<int>("a");
    QTest::addColumn<int>("b");
    QTest::addColumn<int>("result");
    using D = DType;
    QTest::newRow("int + int") << int(BinaryOp::Add) << int(D::Int64) << int(D::Int64) << int(D::Int64);
    QTest::newRow("int / int") << int(BinaryOp::Divide) << int(D::Int64) << int(D::Int64) << int(D::Float64);
    QTest::newRow("f32 / f32") << int(BinaryOp::Divide) << int(D::Float32) << int(D::Float32) << int(D::Float32);
    QTest::newRow("int * f32") << int(BinaryOp::Multiply) << int(D::Int64) << int(D::Float32) << int(D::Float64);
    QTest::newRow("bool + bool") << int(BinaryOp::Add) << int(D::Bool) << int(D::Bool) << int(D::Bool);
    QTest::newRow("bool + int") << int(BinaryOp::Add) << int(D::Bool) << int(D::Int64) << int(D::Int64);
    QTest::newRow("f32 < f64") << int(BinaryOp::Less) << int(D::Float32) << int(D::Float64) << int(D::Bool);
    QTest::newRow("f32 max f32") << int(BinaryOp::Maximum) << int(D::Float32) << int(D::Float32) << int(D::Float32);
}

void TensorOpsTest::resultTypes()
{
    QFETCH(int, op);
    QFETCH(int, a);
    QFETCH(int, b);
    QFETCH(int, result);
    QCOMPARE(int(resultType(BinaryOp(op), DType(a), DType(b))), result);
    QCOMPARE(int(binary(BinaryOp(op), Tensor::ones({2}, DType(a)), Tensor::ones({2}, DType(b))).dtype()), result);
}

void TensorOpsTest::scalarsFollowValueRules()
{
    const Tensor f = Tensor::ones({3}, DType::Float32);
    QCOMPARE((f * 0.5).dtype(), DType::Float32);
    const Tensor i = Tensor::arange(3);
    QCOMPARE((i + 2.0).dtype(), DType::Int64);
    QCOMPARE((i + 2.5).dtype(), DType::Float64);
    QCOMPARE((i + 2.5).toVector<double>(), (std::vector<double>{2.5, 3.5, 4.5}));
    QCOMPARE((1.0 - i).toVector<std::int64_t>(), (std::vector<std::int64_t>{1, 0, -1}));
    QCOMPARE((i / 2.0).toVector<double>(), (std::vector<double>{0, 0.5, 1}));
    QCOMPARE(power(i, 3.0).toVector<std::int64_t>(), (std::vector<std::int64_t>{0, 1, 8}));
    QCOMPARE((Tensor::fromList<bool>({true, false}) + Tensor::fromList<bool>({true, true})).toVector<bool>(),
             (std::vector<bool>{true, true}));
}

void TensorOpsTest::inPlaceAndOut()
{
    const Tensor a = Tensor::arange(0.0, 6.0).reshape({2, 3}).tensor;
    addInPlace(a, Tensor::fromList<double>({10, 20, 30}));
    QCOMPARE(a.toVector<double>(), (std::vector<double>{10, 21, 32, 13, 24, 35}));
    multiplyInPlace(a, 2.0);
    QCOMPARE(a.value({1, 2}), 70.0);
    // float32 += float64 is allowed (same kind), computed in float32.
    const Tensor f = Tensor::ones({2}, DType::Float32);
    addInPlace(f, Tensor::fromList<double>({0.5, 1.5}));
    QCOMPARE(f.toVector<float>(), (std::vector<float>{1.5f, 2.5f}));
    const Tensor out = Tensor::empty({2, 3});
    subtract(a, Tensor::scalar(1.0), out);
    QCOMPARE(out.value({0, 0}), 19.0);
    const Tensor fortran = Tensor::empty({2, 3}, DType::Float64, Order::F);
    multiply(a, a, fortran);
    QCOMPARE(fortran.value({1, 2}), 4900.0);
    // Comparisons into a bool out; exp into a float32 out.
    const Tensor mask = Tensor::empty({2, 3}, DType::Bool);
    greater(a, 25.0, mask);
    QCOMPARE(mask.toVector<bool>(), (std::vector<bool>{false, true, true, true, true, true}));
    const Tensor e = Tensor::empty({3}, DType::Float32);
    exp(Tensor::arange(3), e);
    QVERIFY(std::abs(e.toVector<float>()[2] - std::exp(2.0f)) < 1e-5f);
}

void TensorOpsTest::outFormAllocatesNothing()
{
    std::mt19937_64 rng(1);
    for (const Shape& shape : {Shape{64, 64}, Shape{512, 512}}) {  // one thread, then the threaded path
        const Tensor a = randomTensor(rng, shape);
        const Tensor row = randomTensor(rng, {shape[1]});
        const Tensor out = Tensor::empty(shape);
        const Tensor s = Tensor::scalar(2.0);
        const Tensor at = a.transpose();
        add(a, row, out);  // warm-up: OpenMP's thread pool starts here
        g_allocations = 0;
        g_counting = true;
        add(a, row, out);
        multiply(out, s, out);
        subtract(a, at, out);
        exp(a, out);
        addInPlace(out, row);
        clip(out, -1.0, 1.0, out);
        g_counting = false;
        QCOMPARE(g_allocations.load(), 0L);
        double worst = 0;
        forEachIndex(shape, [&](const std::vector<std::int64_t>& i) {
            const double want = std::clamp(std::exp(a.value(i)) + row.value({i[1]}), -1.0, 1.0);
            worst = std::max(worst, std::abs(out.value(i) - want));
        });
        QVERIFY(worst < 1e-12);
    }
}

// out overlapping an input in another layout (NumPy copies the input first).
void TensorOpsTest::overlappingOutputIsSafe()
{
    const Tensor a = Tensor::arange(0.0, 6.0);
    add(a.slice(0, std::nullopt, std::nullopt, -1), 1.0, a);
    QCOMPARE(a.toVector<double>(), (std::vector<double>{6, 5, 4, 3, 2, 1}));
    const Tensor m = Tensor::arange(0.0, 9.0).reshape({3, 3}).tensor;
    add(m, m.transpose(), m);
    QCOMPARE(m.toVector<double>(), (std::vector<double>{0, 4, 8, 4, 8, 12, 8, 12, 16}));
}

void TensorOpsTest::unaryMatchesStd()
{
    std::mt19937_64 rng(3);
    const Tensor x = randomLayout(rng, randomTensor(rng, {3, 5}));
    const Tensor pos = abs(x);
    const Tensor r[] = {exp(x), log(pos), sqrt(pos), tanh(x), sigmoid(x), relu(x), -x};
    forEachIndex(x.shape(), [&](const std::vector<std::int64_t>& i) {
        const double v = x.value(i);
        const double want[] = {std::exp(v), std::log(std::abs(v)), std::sqrt(std::abs(v)), std::tanh(v),
                               1 / (1 + std::exp(-v)), v > 0 ? v : 0, -v};
        for (std::size_t k = 0; k < std::size(want); ++k)
            QVERIFY2(close(r[k].value(i), want[k], 1e-14), qPrintable(QString("op %1 at %2").arg(k).arg(v)));
    });
    QCOMPARE(exp(Tensor::arange(2)).dtype(), DType::Float64);
    QCOMPARE(abs(Tensor::fromList<std::int64_t>({-3, 2})).toVector<std::int64_t>(), (std::vector<std::int64_t>{3, 2}));
    QCOMPARE(sqrt(Tensor::ones({1}, DType::Float32)).dtype(), DType::Float32);
    QVERIFY(std::isnan(log(Tensor::scalar(-1.0)).item<double>()));
}

void TensorOpsTest::sigmoidIsStable()
{
    const Tensor s = sigmoid(Tensor::fromList<double>({-1000, -40, 0, 40, 1000}));
    const std::vector<double> v = s.toVector<double>();
    QCOMPARE(v[0], 0.0);
    QVERIFY(v[1] > 0 && v[1] < 1e-17);
    QCOMPARE(v[2], 0.5);
    QCOMPARE(v[4], 1.0);
    const Tensor f = sigmoid(Tensor::fromList<float>({-200.f, 200.f}));
    QCOMPARE(f.toVector<float>(), (std::vector<float>{0.f, 1.f}));
}

// Contiguous exp, log, tanh and sigmoid run through libmvec at each ISA level this CPU has:
// within 4 ulp of the long-double result, special values exactly as std:: gives them, and the
// tail of an array (1037 is no multiple of any vector width) like the rest.
void TensorOpsTest::vectorMathOnEveryIsa()
{
    const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 800, -800, 90, -90, 1e-310, -1e-310, 710, -746};
    std::vector<double> x(1037);
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> u(-30, 30);
    for (double& v : x)
        v = u(rng);
    for (std::size_t k = 0; k < std::size(specials); ++k) {
        x[k * 71] = specials[k];
        x[x.size() - 1 - k] = specials[k];  // in the padded tail too
    }
    struct Fn {
        const char* name;
        Tensor (*tensor)(const Tensor&);
        long double (*exact)(long double);
    };
    const Fn fns[] = {
        {"exp", [](const Tensor& t) { return exp(t); }, [](long double v) { return std::exp(v); }},
        {"log", [](const Tensor& t) { return log(t); }, [](long double v) { return std::log(v); }},
        {"tanh", [](const Tensor& t) { return tanh(t); }, [](long double v) { return std::tanh(v); }},
        {"sigmoid", [](const Tensor& t) { return sigmoid(t); }, [](long double v) { return 1 / (1 + std::exp(-v)); }},
    };
    const auto restore = mlwb::tensor::detail::activeGemmIsa();
    for (const auto isa : mlwb::tensor::detail::supportedGemmIsas()) {
        mlwb::tensor::detail::useGemmIsa(isa);
        const QString level = QString::fromLatin1(mlwb::tensor::detail::gemmIsaName(isa).data());
        for (const DType t : {DType::Float64, DType::Float32}) {
            const bool single = t == DType::Float32;
            const Tensor in = Tensor::fromVector(x, {std::int64_t(x.size())}).astype(t);
            const double eps = single ? std::numeric_limits<float>::epsilon() : std::numeric_limits<double>::epsilon();
            const double smallest = single ? std::numeric_limits<float>::min() : std::numeric_limits<double>::min();
            for (const Fn& f : fns) {
                const Tensor out = f.tensor(in);
                for (std::int64_t i = 0; i < in.size(); ++i) {
                    const double v = in.value({i});
                    const double got = out.value({i});
                    // The exact value, rounded to the element type (so overflow gives inf).
                    const double want = single ? double(float(f.exact(v))) : double(f.exact(v));
                    const QString where = QString("%1 %2 %3(%4): %5, want %6").arg(level, single ? "float32" : "float64", f.name).arg(v).arg(got).arg(want);
                    if (std::isnan(want) || std::isinf(want) || want == 0) {
                        QVERIFY2(std::isnan(want) ? std::isnan(got) : got == want, qPrintable(where));
                        continue;
                    }
                    QVERIFY2(std::abs(got - want) <= 4 * eps * std::abs(want) + 4 * smallest * eps, qPrintable(where));
                }
            }
        }
    }
    mlwb::tensor::detail::useGemmIsa(restore);
}

void TensorOpsTest::clipAndWhere()
{
    QCOMPARE(clip(Tensor::arange(0.0, 5.0), 1, 3).toVector<double>(), (std::vector<double>{1, 1, 2, 3, 3}));
    QCOMPARE(clip(Tensor::arange(5), 0.5, 2.5).toVector<std::int64_t>(), (std::vector<std::int64_t>{1, 1, 2, 2, 2}));
    // where with three-way broadcasting against a loop.
    std::mt19937_64 rng(9);
    const Tensor cond = greater(randomTensor(rng, {4, 1, 3}), 0.0);
    const Tensor a = randomTensor(rng, {5, 1}, DType::Int64);
    const Tensor b = randomTensor(rng, {3}, DType::Float32);
    const Tensor w = where(cond, a, b);
    QCOMPARE(w.shape(), (Shape{4, 5, 3}));
    QCOMPARE(w.dtype(), DType::Float64);
    forEachIndex(w.shape(), [&](const std::vector<std::int64_t>& i) {
        const double want = cond.value({i[0], 0, i[2]}) != 0 ? a.value({i[1], 0}) : b.value({i[2]});
        QCOMPARE(w.value(i), want);
    });
}

void TensorOpsTest::errorsNameTheProblem()
{
    const auto message = [](auto&& f) {
        try {
            f();
        } catch (const mlwb::InputError& e) {
            return QString(e.what());
        }
        return QString("no exception");
    };
    QCOMPARE(message([] { add(Tensor::zeros({3, 4}), Tensor::zeros({5})); }),
             QString("cannot broadcast shapes (3, 4) and (5,): axis -1 is 4 vs 5"));
    QCOMPARE(message([] { addInPlace(Tensor::zeros({3, 1}), Tensor::zeros({1, 4})); }),
             QString("output array of shape (3, 1) does not match the broadcast shape (3, 4)"));
    QCOMPARE(message([] { addInPlace(Tensor::arange(3), Tensor::ones({3})); }),
             QString("add: cannot write float64 results into an array of int64"));
    QCOMPARE(message([] { subtract(Tensor::ones({2}, DType::Bool), Tensor::ones({2}, DType::Bool)); }),
             QString("subtract: booleans cannot be subtracted (NumPy refuses too); use not_equal for xor"));
    QCOMPARE(message([] { power(Tensor::arange(3), Tensor::fromList<std::int64_t>({1, -1, 2})); }),
             QString("power: integers to negative integer powers are not allowed; use float exponents"));
    QCOMPARE(message([] { clip(Tensor::zeros({2}), 2, 1); }), QString("clip: the lower bound 2 is above the upper bound 1"));
    QCOMPARE(message([] { exp(Tensor::zeros({2}), Tensor::zeros({3})); }),
             QString("output array of shape (3,) does not match the broadcast shape (2,)"));
    QCOMPARE(message([] { where(Tensor::zeros({2}, DType::Bool), Tensor::zeros({3}), Tensor::zeros({1})); }),
             QString("cannot broadcast shapes (2,), (3,) and (1,): axis -1 is 2 vs 3"));
}

QTEST_APPLESS_MAIN(TensorOpsTest)
#include "tst_tensor_ops.moc"
