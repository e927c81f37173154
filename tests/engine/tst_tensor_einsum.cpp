// einsum.h: every form against explicit loops, plans, explain() and error texts.
#include "tensor/einsum.h"
#include "tensor_test_util.h"

#include <QtTest>

using namespace mlwb::tensor;
using namespace tensortest;

namespace {

double maxDiff(const Tensor& a, const Tensor& b)
{
    if (a.shape() != b.shape())
        return INFINITY;
    double worst = 0;
    forEachIndex(a.shape(), [&](const std::vector<std::int64_t>& i) { worst = std::max(worst, std::abs(a.value(i) - b.value(i))); });
    return worst;
}

} // namespace

class TensorEinsumTest : public QObject {
    Q_OBJECT
private slots:
    void matmulForms();
    void batchMatmulAndAttention();
    void outerTraceDiagonalTranspose();
    void ellipsisBroadcasts();
    void threeOperandChain();
    void implicitOutputIsSorted();
    void plansUseGemmAndCheapestOrder();
    void explainCountsFlops();
    void errors_data();
    void errors();
    void manyOperandsAreRefusedQuickly();
    void sixtyFourOperandsOverManyLabels();
};

void TensorEinsumTest::matmulForms()
{
    std::mt19937_64 rng(1);
    const Tensor a = randomLayout(rng, randomTensor(rng, {3, 4}));
    const Tensor b = randomLayout(rng, randomTensor(rng, {4, 5}));
    Tensor ref = Tensor::zeros({3, 5});
    for (std::int64_t i = 0; i < 3; ++i)
        for (std::int64_t k = 0; k < 5; ++k)
            for (std::int64_t j = 0; j < 4; ++j)
                ref.at<double>({i, k}) += a.value({i, j}) * b.value({j, k});
    QVERIFY(maxDiff(einsum("ij,jk->ik", {a, b}), ref) < 1e-12);
    QVERIFY(maxDiff(einsum("ij,jk", {a, b}), ref) < 1e-12);
    QVERIFY(maxDiff(einsum(" i j , j k -> k i ", {a, b}), ref.transpose()) < 1e-12);
    // Sum over everything and a vector-matrix product.
    double total = 0;
    forEachIndex(a.shape(), [&](const std::vector<std::int64_t>& i) { total += a.value(i); });
    QVERIFY(std::abs(einsum("ij->", {a}).item<double>() - total) < 1e-12);
    const Tensor v = randomTensor(rng, {3});
    const Tensor va = einsum("i,ij->j", {v, a});
    for (std::int64_t j = 0; j < 4; ++j) {
        double s = 0;
        for (std::int64_t i = 0; i < 3; ++i)
            s += v.value({i}) * a.value({i, j});
        QVERIFY(std::abs(va.value({j}) - s) < 1e-12);
    }
}

void TensorEinsumTest::batchMatmulAndAttention()
{
    std::mt19937_64 rng(2);
    const Tensor q = randomTensor(rng, {2, 3, 5, 4}, DType::Float32);
    const Tensor k = randomTensor(rng, {2, 3, 6, 4}, DType::Float32);
    const Tensor s = einsum("bhsd,bhtd->bhst", {q, k});
    QCOMPARE(s.shape(), (Shape{2, 3, 5, 6}));
    QCOMPARE(s.dtype(), DType::Float32);
    double worst = 0;
    forEachIndex(s.shape(), [&](const std::vector<std::int64_t>& i) {
        double acc = 0;
        for (std::int64_t d = 0; d < 4; ++d)
            acc += q.value({i[0], i[1], i[2], d}) * k.value({i[0], i[1], i[3], d});
        worst = std::max(worst, std::abs(s.value(i) - acc));
    });
    QVERIFY(worst < 1e-5);
    const Tensor o = einsum("bhst,bhtd->bhsd", {s, k});
    worst = 0;
    forEachIndex(o.shape(), [&](const std::vector<std::int64_t>& i) {
        double acc = 0;
        for (std::int64_t t = 0; t < 6; ++t)
            acc += s.value({i[0], i[1], i[2], t}) * k.value({i[0], i[1], t, i[3]});
        worst = std::max(worst, std::abs(o.value(i) - acc));
    });
    QVERIFY(worst < 1e-4);
}

void TensorEinsumTest::outerTraceDiagonalTranspose()
{
    std::mt19937_64 rng(3);
    const Tensor u = randomTensor(rng, {3}), v = randomTensor(rng, {4});
    const Tensor outer = einsum("i,j->ij", {u, v});
    forEachIndex(outer.shape(), [&](const std::vector<std::int64_t>& i) {
        QCOMPARE(outer.value(i), u.value({i[0]}) * v.value({i[1]}));
    });
    const Tensor m = randomLayout(rng, randomTensor(rng, {4, 4}));
    double trace = 0;
    for (std::int64_t i = 0; i < 4; ++i)
        trace += m.value({i, i});
    QVERIFY(std::abs(einsum("ii->", {m}).item<double>() - trace) < 1e-12);
    QVERIFY(std::abs(einsum("ii", {m}).item<double>() - trace) < 1e-12);
    const Tensor diag = einsum("ii->i", {m});
    for (std::int64_t i = 0; i < 4; ++i)
        QCOMPARE(diag.value({i}), m.value({i, i}));
    QVERIFY(!sharesMemory(diag, m));
    const Tensor t3 = randomTensor(rng, {2, 3, 4});
    const Tensor p = einsum("ijk->kij", {t3});
    forEachIndex(p.shape(), [&](const std::vector<std::int64_t>& i) { QCOMPARE(p.value(i), t3.value({i[1], i[2], i[0]})); });
    QVERIFY(p.isCContiguous());
    // Diagonal of a 3-index tensor and elementwise product with a sum.
    const Tensor c = randomTensor(rng, {3, 3, 3});
    const Tensor d3 = einsum("iii->i", {c});
    for (std::int64_t i = 0; i < 3; ++i)
        QCOMPARE(d3.value({i}), c.value({i, i, i}));
    const Tensor a = randomTensor(rng, {3, 4}), b = randomTensor(rng, {3, 4});
    const Tensor rowDots = einsum("ij,ij->i", {a, b});
    for (std::int64_t i = 0; i < 3; ++i) {
        double s = 0;
        for (std::int64_t j = 0; j < 4; ++j)
            s += a.value({i, j}) * b.value({i, j});
        QVERIFY(std::abs(rowDots.value({i}) - s) < 1e-12);
    }
    const Tensor hadamard = einsum("ij,ij->ij", {a, b});
    QCOMPARE(hadamard.value({2, 3}), a.value({2, 3}) * b.value({2, 3}));
}

void TensorEinsumTest::ellipsisBroadcasts()
{
    std::mt19937_64 rng(4);
    const Tensor a = randomTensor(rng, {2, 1, 3, 4});
    const Tensor b = randomTensor(rng, {5, 4, 2});
    const Tensor r = einsum("...ij,...jk->...ik", {a, b});
    QCOMPARE(r.shape(), (Shape{2, 5, 3, 2}));
    forEachIndex(r.shape(), [&](const std::vector<std::int64_t>& i) {
        double s = 0;
        for (std::int64_t j = 0; j < 4; ++j)
            s += a.value({i[0], 0, i[2], j}) * b.value({i[1], j, i[3]});
        QVERIFY(std::abs(r.value(i) - s) < 1e-12);
    });
    // Implicit mode keeps "..." axes in front; "...ii->...i" is a batched diagonal.
    QCOMPARE(einsum("...ij,...jk", {a, b}).shape(), (Shape{2, 5, 3, 2}));
    const Tensor m = randomTensor(rng, {2, 3, 3});
    const Tensor d = einsum("...ii->...i", {m});
    forEachIndex(d.shape(), [&](const std::vector<std::int64_t>& i) { QCOMPARE(d.value(i), m.value({i[0], i[1], i[1]})); });
    const Tensor front = einsum("i...->...i", {randomTensor(rng, {3, 2})});
    QCOMPARE(front.shape(), (Shape{2, 3}));
}

void TensorEinsumTest::threeOperandChain()
{
    std::mt19937_64 rng(5);
    const Tensor a = randomTensor(rng, {2, 30}), b = randomTensor(rng, {30, 25}), c = randomTensor(rng, {25, 3});
    const Tensor r = einsum("ij,jk,kl->il", {a, b, c});
    forEachIndex(r.shape(), [&](const std::vector<std::int64_t>& i) {
        double s = 0;
        for (std::int64_t j = 0; j < 30; ++j)
            for (std::int64_t k = 0; k < 25; ++k)
                s += a.value({i[0], j}) * b.value({j, k}) * c.value({k, i[1]});
        QVERIFY(std::abs(r.value(i) - s) < 1e-10);
    });
    // Four operands with an index shared by three of them.
    const Tensor x = randomTensor(rng, {3, 4}), y = randomTensor(rng, {4, 5}), z = randomTensor(rng, {4}), w = randomTensor(rng, {5});
    const Tensor r4 = einsum("ij,jk,j,k->i", {x, y, z, w});
    for (std::int64_t i = 0; i < 3; ++i) {
        double s = 0;
        for (std::int64_t j = 0; j < 4; ++j)
            for (std::int64_t k = 0; k < 5; ++k)
                s += x.value({i, j}) * y.value({j, k}) * z.value({j}) * w.value({k});
        QVERIFY(std::abs(r4.value({i}) - s) < 1e-10);
    }
    // Integer operands stay integer.
    const Tensor ia = Tensor::arange(4).reshape({2, 2}).tensor;
    QCOMPARE(einsum("ij,jk,kl->il", {ia, ia, ia}).toVector<std::int64_t>(), (std::vector<std::int64_t>{6, 11, 22, 39}));
}

void TensorEinsumTest::implicitOutputIsSorted()
{
    const EinsumPlan p = planEinsum("ba,Ca", {{2, 3}, {4, 3}});
    QCOMPARE(p.outputSubscripts, std::string("Cb"));  // NumPy: upper case before lower case
    QCOMPARE(p.normalized, std::string("ba,Ca->Cb"));
    QCOMPARE(p.outputShape, (Shape{4, 2}));
    QCOMPARE(p.summed, std::string("a"));
}

void TensorEinsumTest::plansUseGemmAndCheapestOrder()
{
    const EinsumPlan att = planEinsum("bhsd,bhtd->bhst", {{8, 8, 256, 64}, {8, 8, 256, 64}});
    QCOMPARE(att.steps.size(), std::size_t{1});
    QCOMPARE(att.steps[0].kind, EinsumStep::Kind::Gemm);
    QCOMPARE(att.steps[0].batch, std::string("bh"));
    QCOMPARE(att.steps[0].m, std::string("s"));
    QCOMPARE(att.steps[0].n, std::string("t"));
    QCOMPARE(att.steps[0].k, std::string("d"));
    // (1000×2)(2×1000)(1000×3): contracting B·C first costs 2·2·1000·3, A·B first 2·1000·2·1000.
    const EinsumPlan chain = planEinsum("ij,jk,kl->il", {{1000, 2}, {2, 1000}, {1000, 3}});
    QCOMPARE(chain.steps.size(), std::size_t{2});
    QCOMPARE(chain.steps[0].inputs, (std::vector<int>{1, 2}));
    QCOMPARE(chain.steps[0].flops, 2.0 * 2 * 1000 * 3);
    QCOMPARE(chain.steps[1].flops, 2.0 * 1000 * 2 * 3);
    QCOMPARE(chain.flops, 2.0 * 2 * 1000 * 3 + 2.0 * 1000 * 2 * 3);
    QCOMPARE(planEinsum("i,j->ij", {{3}, {4}}).steps[0].kind, EinsumStep::Kind::Multiply);
    QCOMPARE(planEinsum("ii->i", {{3, 3}}).steps[0].kind, EinsumStep::Kind::Reduce);
    QCOMPARE(planEinsum("ij->ji", {{3, 2}}).steps[0].kind, EinsumStep::Kind::Permute);
}

void TensorEinsumTest::explainCountsFlops()
{
    // Hand-computed: one multiply and one add per (i, j, k) of the matrix product.
    const EinsumPlan mm = planEinsum("ij,jk->ik", {{3, 4}, {4, 5}});
    QCOMPARE(mm.naiveFlops, 2.0 * 3 * 4 * 5);
    QCOMPARE(mm.flops, 2.0 * 3 * 4 * 5);
    QCOMPARE(mm.outputShape, (Shape{3, 5}));
    const std::string text = explain(mm);
    const char* expected =
        "einsum 'ij,jk->ik'\n"
        "operand 0 (A): 'ij' shape (3, 4)\n"
        "operand 1 (B): 'jk' shape (4, 5)\n"
        "index sizes: i=3, j=4, k=5\n"
        "summed over: j\n"
        "output: 'ik' shape (3, 5)\n"
        "loop nest:\n"
        "  for (int i = 0; i < 3; ++i)\n"
        "    for (int k = 0; k < 5; ++k) {\n"
        "      out[i][k] = 0;\n"
        "      for (int j = 0; j < 4; ++j)\n"
        "        out[i][k] += A[i][j] * B[j][k];\n"
        "    }\n"
        "FLOPs of this loop nest: 120\n"
        "plan:\n"
        "  1. T1 = GEMM: batch '', rows 'i', columns 'k', summed 'j'(A, B) 'ij,jk->ik' -> shape (3, 5), FLOPs 120\n"
        "FLOPs of the plan: 120\n";
    QCOMPARE(QString::fromStdString(text), QString(expected));
    // Trace: n adds; outer product: one multiply per element; three operands naive: 2 mults + 1 add.
    QCOMPARE(planEinsum("ii->", {{7, 7}}).naiveFlops, 7.0);
    QCOMPARE(planEinsum("ii->", {{7, 7}}).flops, 7.0);
    QCOMPARE(planEinsum("i,j->ij", {{3}, {4}}).naiveFlops, 12.0);
    QCOMPARE(planEinsum("ij,jk,kl->il", {{2, 3}, {3, 4}, {4, 5}}).naiveFlops, 3.0 * 2 * 3 * 4 * 5);
    const EinsumPlan att = planEinsum("bhsd,bhtd->bhst", {{8, 8, 256, 64}, {8, 8, 256, 64}});
    QCOMPARE(att.flops, 2.0 * 8 * 8 * 256 * 256 * 64);
    QVERIFY(explain(att).find("FLOPs of this loop nest: 536,870,912") != std::string::npos);
    QVERIFY(explain(planEinsum("ii->", {{3, 3}})).find("out += A[i][i];") != std::string::npos);
    // Axes under "..." get digit names in the plan; the explanation says so.
    const std::string ellipsis = explain(planEinsum("...ij,...jk", {{5, 2, 3}, {5, 3, 4}}));
    QVERIFY(ellipsis.find("explicit form '0ij,0jk->0ik'") != std::string::npos);
    QVERIFY(ellipsis.find("the axes under '...' are named 0, 1") != std::string::npos);
    QVERIFY(explain(planEinsum("ij,jk", {{2, 3}, {3, 4}})).find("under '...'") == std::string::npos);
}

void TensorEinsumTest::errors_data()
{
    QTest::addColumn<QString>("subscripts");
    QTest::addColumn<int>("secondNdim");
    QTest::addColumn<QString>("message");
    // Operand 0 is (64, 32); operand 1 is (32, 64) or 3-d when secondNdim is 3.
    QTest::newRow("dimensions") << "ij,ij" << 3 << "einsum: operand 1 has 3 dimensions but subscripts 'ij' name 2";
    QTest::newRow("sizes") << "ik,jk->ij" << 2 << "einsum: index 'k' has sizes 32 and 64";
    QTest::newRow("sizes, first index") << "ij,ij" << 2 << "einsum: index 'i' has sizes 64 and 32";
    QTest::newRow("within one operand") << "ii->i" << 2 << "einsum: index 'i' has sizes 64 and 32";
    QTest::newRow("bad character") << "ij,j%->i" << 2
                                    << "einsum: invalid character '%' at column 5 of subscripts 'ij,j%->i': use letters a-z, A-Z, ',', '->' and '...'";
    QTest::newRow("Greek letter") << QString::fromUtf8("ij,jβ->iβ") << 2
                                   << QString::fromUtf8("einsum: invalid character 'β' at column 5 of subscripts 'ij,jβ->iβ': use letters a-z, A-Z, ',', '->' and '...'");
    QTest::newRow("stray '>'") << "ij,j>k" << 2
                               << "einsum: invalid character '>' at column 5 of subscripts 'ij,j>k': use letters a-z, A-Z, ',', '->' and '...'";
    QTest::newRow("operand count") << "ij,jk,kl" << 2 << "einsum: subscripts 'ij,jk,kl' name 3 operands but 2 were given";
    QTest::newRow("unknown output") << "ij,jk->iz" << 2 << "einsum: output index 'z' does not appear in the inputs";
    QTest::newRow("repeated output") << "ij,jk->ii" << 2 << "einsum: output index 'i' appears more than once in 'ii'";
    QTest::newRow("lone dot") << "i.j,jk" << 2 << "einsum: '.' must be part of an ellipsis '...' in subscripts 'i.j' of 'i.j,jk'";
    QTest::newRow("two arrows") << "ij->i->j" << 2 << "einsum: subscripts 'ij->i->j' have more than one '->'";
    // issue 11: the output's ',' was located by subtracting pointers into two buffers (heap overflow)
    QTest::newRow("comma in output") << "ij->i,j" << 2
                                     << "einsum: ',' at column 6 of subscripts 'ij->i,j' is in the output after '->', which is a single term: ',' separates inputs only";
    QTest::newRow("trailing comma in output") << "ij->i," << 2
                                              << "einsum: ',' at column 6 of subscripts 'ij->i,' is in the output after '->', which is a single term: ',' separates inputs only";
    QTest::newRow("spaces count as columns") << " i j -> , i" << 2
                                             << "einsum: ',' at column 9 of subscripts ' i j -> , i' is in the output after '->', which is a single term: ',' separates inputs only";
    QTest::newRow("ellipsis lost") << "...j,jk->k" << 2
                                   << "einsum: the inputs have axes covered by '...' but the output 'k' has no '...' to hold them";
}

void TensorEinsumTest::errors()
{
    QFETCH(QString, subscripts);
    QFETCH(int, secondNdim);
    QFETCH(QString, message);
    const Shape shapes[2] = {{64, 32}, secondNdim == 3 ? Shape{2, 32, 64} : Shape{32, 64}};
    const Shape oneShape[1] = {{64, 32}};
    const bool single = subscripts.section("->", 0, 0).count(',') == 0 && !subscripts.startsWith("ij->i->");
    try {
        if (subscripts == "ij->i->j")
            planEinsum(subscripts.toStdString(), oneShape);
        else
            planEinsum(subscripts.toStdString(), single ? std::span<const Shape>(oneShape) : std::span<const Shape>(shapes));
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), message);
    }
}

// issue 11: 1000 operands ran for more than 300 s in the pairwise contraction search.
void TensorEinsumTest::manyOperandsAreRefusedQuickly()
{
    std::string subscripts;
    for (int i = 0; i < 1000; ++i)
        subscripts += i ? ",a" : "a";
    subscripts += "->a";
    const std::vector<Shape> shapes(1000, Shape{3});
    QElapsedTimer timer;
    timer.start();
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, planEinsum(subscripts, shapes));
    QVERIFY(timer.elapsed() < 1000);
    // 64 operands still plan and run: the product of 64 ones and twos is 2^k.
    std::vector<Tensor> ops;
    for (int i = 0; i < 64; ++i)
        ops.push_back(Tensor::full({3}, i < 10 ? 2.0 : 1.0, DType::Float64));
    std::string sub64;
    for (int i = 0; i < 64; ++i)
        sub64 += i ? ",a" : "a";
    const Tensor r = einsum(sub64 + "->a", ops);
    QCOMPARE(r.at<double>({1}), 1024.0);
}

// issue 11: 64 operands over 20 labels took 25 s to plan (every pair listed every other
// operand's labels). Against a brute-force sum over all 2^16 index values.
void TensorEinsumTest::sixtyFourOperandsOverManyLabels()
{
    constexpr int kOperands = 64, kLabels = 16;
    std::mt19937_64 rng(64);
    std::uniform_real_distribution<double> value(0.5, 1.5);
    std::vector<std::array<int, 3>> labels;
    std::vector<Tensor> ops;
    std::string subscripts;
    for (int o = 0; o < kOperands; ++o) {
        std::array<int, 3> l{};
        do
            for (int& x : l)
                x = int(rng() % kLabels);
        while (l[0] == l[1] || l[1] == l[2] || l[0] == l[2]);
        labels.push_back(l);
        std::vector<double> v(8);
        for (double& x : v)
            x = value(rng);
        ops.push_back(Tensor::fromVector(v, {2, 2, 2}));
        subscripts += std::string(o ? "," : "") + char('a' + l[0]) + char('a' + l[1]) + char('a' + l[2]);
    }
    const Tensor r = einsum(subscripts + "->abc", ops);
    std::vector<double> expected(8, 0.0);
    for (int assignment = 0; assignment < (1 << kLabels); ++assignment) {
        const auto bit = [&](int label) { return std::int64_t((assignment >> label) & 1); };
        double product = 1;
        for (int o = 0; o < kOperands; ++o)
            product *= ops[std::size_t(o)].value({bit(labels[std::size_t(o)][0]), bit(labels[std::size_t(o)][1]),
                                                  bit(labels[std::size_t(o)][2])});
        expected[std::size_t(bit(0) * 4 + bit(1) * 2 + bit(2))] += product;
    }
    for (std::int64_t i = 0; i < 8; ++i) {
        const double got = r.value({i / 4, (i / 2) % 2, i % 2});
        QVERIFY2(std::abs(got - expected[std::size_t(i)]) <= 1e-9 * std::abs(expected[std::size_t(i)]),
                 qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(expected[std::size_t(i)])));
    }
}

QTEST_APPLESS_MAIN(TensorEinsumTest)
#include "tst_tensor_einsum.moc"
