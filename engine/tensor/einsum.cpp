#include "tensor/einsum.h"

#include "tensor/detail/strided_loop.h"
#include "tensor/matmul.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace mlwb::tensor {

namespace {

// Planning compares every pair of operands at each step; NumPy 2 also stops at 64 (NPY_MAXARGS).
constexpr std::size_t kMaxOperands = 64;
constexpr int kLetters = 52;  // 'A'-'Z' are 0-25, 'a'-'z' 26-51, "..." axes from 52

int labelOf(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' : 26 + (c - 'a'); }
bool isLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

char labelChar(int l)
{
    if (l < 26)
        return char('A' + l);
    if (l < kLetters)
        return char('a' + l - 26);
    return l - kLetters < 10 ? char('0' + l - kLetters) : '#';
}

std::string labelVar(int l) { return l < kLetters ? std::string(1, labelChar(l)) : fmt::format("e{}", l - kLetters); }

std::string labelString(const std::vector<int>& labels)
{
    std::string s;
    for (int l : labels)
        s += labelChar(l);
    return s;
}

std::string operandName(std::size_t i) { return i < 26 ? std::string(1, char('A' + i)) : fmt::format("op{}", i); }

std::string groupThousands(double v)
{
    std::string digits = fmt::format("{:.0f}", v);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[i];
        if ((n - 1 - i) % 3 == 0 && i + 1 < n)
            out += ',';
    }
    return out;
}

// The character (a whole UTF-8 sequence, so 'α' prints as α) starting at byte `at` of
// `whole`, and its column counted in characters from 1.
std::size_t columnOf(std::string_view whole, std::size_t at)
{
    std::size_t column = 1;
    for (std::size_t i = 0; i < at; ++i)
        column += (static_cast<unsigned char>(whole[i]) & 0xC0) != 0x80;
    return column;
}

[[noreturn]] void invalidCharacter(std::string_view whole, std::size_t at)
{
    const auto lead = static_cast<unsigned char>(whole[at]);
    const std::size_t length = std::min(lead >= 0xF0 ? std::size_t(4) : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1,
                                        whole.size() - at);
    const std::size_t column = columnOf(whole, at);
    throw InputError(fmt::format("einsum: invalid character '{}' at column {} of subscripts '{}': use letters a-z, "
                                 "A-Z, ',', '->' and '...'",
                                 whole.substr(at, length), column, whole));
}

struct Term {
    std::vector<int> letters;  // before expanding "..."
    int ellipsisAt = -1;       // position in letters where "..." sits, or -1
    std::string text;
};

// Parses whole[begin, end): positions stay in `whole`, so errors can name the column.
Term parseTerm(std::string_view whole, std::size_t begin, std::size_t end, std::string_view what)
{
    Term t;
    for (std::size_t i = begin; i < end; ++i)
        if (whole[i] != ' ')
            t.text += whole[i];
    for (std::size_t i = begin; i < end; ++i) {
        const char c = whole[i];
        if (c == ' ')
            continue;
        if (isLetter(c)) {
            t.letters.push_back(labelOf(c));
        } else if (c == '.') {
            if (whole.substr(i, 3) != "..." || i + 3 > end)
                throw InputError(fmt::format("einsum: '.' must be part of an ellipsis '...' in {} '{}' of '{}'", what,
                                             t.text, whole));
            if (t.ellipsisAt >= 0)
                throw InputError(fmt::format("einsum: {} '{}' has more than one ellipsis '...'", what, t.text));
            t.ellipsisAt = static_cast<int>(t.letters.size());
            i += 2;
        } else if (c == ',' && what == "output") {
            throw InputError(fmt::format("einsum: ',' at column {} of subscripts '{}' is in the output after '->', "
                                         "which is a single term: ',' separates inputs only",
                                         columnOf(whole, i), whole));
        } else {
            invalidCharacter(whole, i);
        }
    }
    return t;
}

struct Node {
    std::vector<int> labels;
    Shape dims;  // actual sizes in this operand (1 on broadcast "..." axes)
};

double product(const std::vector<int>& labels, const std::map<int, std::int64_t>& size)
{
    double p = 1;
    for (int l : labels)
        p *= double(size.at(l));
    return p;
}

std::vector<int> uniqueInOrder(const std::vector<int>& labels)
{
    std::vector<int> out;
    for (int l : labels)
        if (std::find(out.begin(), out.end(), l) == out.end())
            out.push_back(l);
    return out;
}

bool contains(const std::vector<int>& v, int l) { return std::find(v.begin(), v.end(), l) != v.end(); }

std::int64_t dimOf(const Node& n, int l)
{
    for (std::size_t i = 0; i < n.labels.size(); ++i)
        if (n.labels[i] == l)
            return n.dims[i];
    return 1;
}

// Shared with execution: how the pair (a, b) contracts given the labels others still need.
struct PairSplit {
    std::vector<int> batch, m, n, k, result;
    Shape resultDims;
};

PairSplit splitPair(const Node& a, const Node& b, const std::vector<int>& needed)
{
    PairSplit s;
    for (int l : a.labels) {
        if (contains(b.labels, l))
            (contains(needed, l) ? s.batch : s.k).push_back(l);
        else
            s.m.push_back(l);
    }
    for (int l : b.labels)
        if (!contains(a.labels, l))
            s.n.push_back(l);
    if (s.k.empty()) {
        s.result = a.labels;
        s.result.insert(s.result.end(), s.n.begin(), s.n.end());
    } else {
        s.result = s.batch;
        s.result.insert(s.result.end(), s.m.begin(), s.m.end());
        s.result.insert(s.result.end(), s.n.begin(), s.n.end());
    }
    for (int l : s.result)
        s.resultDims.push_back(std::max(dimOf(a, l), dimOf(b, l)));
    return s;
}

} // namespace

EinsumPlan planEinsum(std::string_view subscripts, std::span<const Shape> shapes)
{
    EinsumPlan plan;
    plan.subscripts = std::string(subscripts);
    for (std::size_t i = 0; i < subscripts.size(); ++i)
        if (!isLetter(subscripts[i]) && std::string_view(",.-> ").find(subscripts[i]) == std::string_view::npos)
            invalidCharacter(subscripts, i);
    // Split "inputs->output" on the text as given, so every position is a column of it.
    const std::size_t arrow = subscripts.find("->");
    if (arrow != std::string::npos && subscripts.find("->", arrow + 2) != std::string::npos)
        throw InputError(fmt::format("einsum: subscripts '{}' have more than one '->'", subscripts));
    for (std::size_t i = 0; i < subscripts.size(); ++i)
        if ((subscripts[i] == '-' && subscripts.substr(i, 2) != "->") ||
            (subscripts[i] == '>' && (i == 0 || subscripts[i - 1] != '-')))
            invalidCharacter(subscripts, i);
    const std::size_t lhsEnd = arrow == std::string::npos ? subscripts.size() : arrow;
    std::vector<Term> terms;
    for (std::size_t start = 0;;) {
        const std::size_t comma = std::min(subscripts.find(',', start), lhsEnd);
        terms.push_back(parseTerm(subscripts, start, comma, "subscripts"));
        if (comma == lhsEnd)
            break;
        start = comma + 1;
    }
    if (terms.size() > kMaxOperands)
        throw InputError(fmt::format("einsum: subscripts '{:.60}{}' name {} operands; at most {} are supported (NumPy's "
                                     "limit too)",
                                     subscripts, subscripts.size() > 60 ? "…" : "", terms.size(), kMaxOperands));
    if (terms.size() != shapes.size())
        throw InputError(fmt::format("einsum: subscripts '{}' name {} operand{} but {} {} given", subscripts,
                                     terms.size(), terms.size() == 1 ? "" : "s", shapes.size(),
                                     shapes.size() == 1 ? "was" : "were"));
    // Dimensions per operand, and how many axes "..." covers.
    int ellipsisDims = 0;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const int named = static_cast<int>(terms[i].letters.size());
        const int nd = static_cast<int>(shapes[i].size());
        if (terms[i].ellipsisAt < 0 && nd != named)
            throw InputError(fmt::format("einsum: operand {} has {} dimension{} but subscripts '{}' name {}", i, nd,
                                         nd == 1 ? "" : "s", terms[i].text, named));
        if (terms[i].ellipsisAt >= 0 && nd < named)
            throw InputError(fmt::format("einsum: operand {} has {} dimension{} but subscripts '{}' name at least {}", i,
                                         nd, nd == 1 ? "" : "s", terms[i].text, named));
        if (terms[i].ellipsisAt >= 0)
            ellipsisDims = std::max(ellipsisDims, nd - named);
    }
    // Labels per axis, sizes per label.
    std::map<int, std::int64_t> size;
    std::vector<int> order;  // first appearance
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const Term& t = terms[i];
        std::vector<int> labels;
        const int e = static_cast<int>(shapes[i].size()) - static_cast<int>(t.letters.size());
        for (std::size_t j = 0; j <= t.letters.size(); ++j) {
            if (t.ellipsisAt == static_cast<int>(j))
                for (int q = 0; q < e; ++q)
                    labels.push_back(kLetters + ellipsisDims - e + q);
            if (j < t.letters.size())
                labels.push_back(t.letters[j]);
        }
        for (std::size_t ax = 0; ax < labels.size(); ++ax) {
            const int l = labels[ax];
            const std::int64_t d = shapes[i][ax];
            auto it = size.find(l);
            if (it == size.end()) {
                size[l] = d;
                order.push_back(l);
            } else if (it->second != d) {
                if (l >= kLetters && (d == 1 || it->second == 1)) {
                    it->second = std::max(it->second, d);
                } else if (l >= kLetters) {
                    throw BroadcastError(fmt::format("einsum: the axes covered by '...' do not broadcast: axis {} of "
                                                     "'...' is {} in one operand and {} in operand {}",
                                                     l - kLetters - ellipsisDims, it->second, d, i));
                } else {
                    throw InputError(fmt::format("einsum: index '{}' has sizes {} and {}", labelChar(l), it->second, d));
                }
            }
        }
        plan.inputLabels.push_back(labels);
        plan.inputShapes.push_back(shapes[i]);
    }
    // Output labels.
    std::vector<int> out;
    if (arrow != std::string::npos) {
        const Term t = parseTerm(subscripts, arrow + 2, subscripts.size(), "output");
        for (std::size_t j = 0; j <= t.letters.size(); ++j) {
            if (t.ellipsisAt == static_cast<int>(j))
                for (int q = 0; q < ellipsisDims; ++q)
                    out.push_back(kLetters + q);
            if (j < t.letters.size()) {
                const int l = t.letters[j];
                if (!size.contains(l))
                    throw InputError(fmt::format("einsum: output index '{}' does not appear in the inputs", labelChar(l)));
                if (contains(out, l))
                    throw InputError(fmt::format("einsum: output index '{}' appears more than once in '{}'", labelChar(l),
                                                 t.text));
                out.push_back(l);
            }
        }
        if (t.ellipsisAt < 0 && ellipsisDims > 0)
            throw InputError(fmt::format("einsum: the inputs have axes covered by '...' but the output '{}' has no '...' "
                                         "to hold them",
                                         t.text));
    } else {
        std::map<int, int> count;
        for (const auto& labels : plan.inputLabels)
            for (int l : labels)
                ++count[l];
        for (int q = 0; q < ellipsisDims; ++q)
            out.push_back(kLetters + q);
        for (const auto& [l, c] : count)  // map order: 'A'…'Z', 'a'…'z'
            if (l < kLetters && c == 1)
                out.push_back(l);
    }
    plan.outputLabels = out;
    for (int l : out)
        plan.outputShape.push_back(size[l]);
    for (std::size_t i = 0; i < terms.size(); ++i)
        plan.inputSubscripts.push_back(labelString(plan.inputLabels[i]));
    plan.outputSubscripts = labelString(out);
    plan.normalized = fmt::format("{}->{}", fmt::join(plan.inputSubscripts, ","), plan.outputSubscripts);
    for (int l : order) {
        plan.indices += labelChar(l);
        plan.sizes.push_back(size[l]);
        if (!contains(out, l))
            plan.summed += labelChar(l);
    }
    // The naive loop nest.
    plan.naiveFlops = product(order, size) * (double(shapes.size() - 1) + (plan.summed.empty() ? 0.0 : 1.0));
    if (product(order, size) == 0)
        plan.naiveFlops = 0;

    // ---- steps ----
    std::vector<Node> nodes;
    std::vector<int> live;  // working node ids
    for (std::size_t i = 0; i < terms.size(); ++i) {
        nodes.push_back({plan.inputLabels[i], shapes[i]});
        live.push_back(static_cast<int>(i));
    }
    // How many live operands hold each label. A label of one or two operands is needed
    // outside them when the output or another live operand holds it; counting makes that a
    // lookup (listing every other operand's labels for every pair took 25 s at 64 operands).
    int labelCount = kLetters + ellipsisDims;
    for (const auto& labels : plan.inputLabels)
        for (int l : labels)
            labelCount = std::max(labelCount, l + 1);
    std::vector<int> holders(std::size_t(labelCount), 0);
    const auto hold = [&](int id, int delta) {
        for (int l : uniqueInOrder(nodes[std::size_t(id)].labels))
            holders[std::size_t(l)] += delta;
    };
    for (int id : live)
        hold(id, +1);
    const auto neededOutside = [&](int except1, int except2) {
        std::vector<int> needed = out;
        for (int id : {except1, except2})
            if (id >= 0)
                for (int l : uniqueInOrder(nodes[std::size_t(id)].labels)) {
                    const int inside = int(contains(nodes[std::size_t(except1)].labels, l)) +
                                       int(except2 >= 0 && contains(nodes[std::size_t(except2)].labels, l));
                    if (holders[std::size_t(l)] > inside && !contains(needed, l))
                        needed.push_back(l);
                }
        return needed;
    };
    const auto addNode = [&](Node n) {
        nodes.push_back(std::move(n));
        return static_cast<int>(nodes.size() - 1);
    };
    // One-operand reductions.
    for (std::size_t pos = 0; pos < live.size(); ++pos) {
        const int id = live[pos];
        const Node& node = nodes[std::size_t(id)];
        const std::vector<int> unique = uniqueInOrder(node.labels);
        const std::vector<int> needed = neededOutside(id, -1);
        std::vector<int> keep;
        for (int l : unique)
            if (contains(needed, l))
                keep.push_back(l);
        const bool last = live.size() == 1;
        if (last) {
            std::vector<int> ordered;  // a lone operand reduces straight into output order
            for (int l : out)
                ordered.push_back(l);
            keep = ordered;
        }
        if (unique.size() == node.labels.size() && keep.size() == unique.size())
            continue;  // nothing to reduce (a permute, if any, comes at the end)
        EinsumStep step;
        step.kind = EinsumStep::Kind::Reduce;
        step.inputs = {id};
        Node result;
        result.labels = keep;
        for (int l : keep)
            result.dims.push_back(dimOf(node, l));
        step.subscripts = fmt::format("{}->{}", labelString(node.labels), labelString(keep));
        step.resultShape = result.dims;
        double elements = 1;
        for (int l : unique)
            elements *= double(dimOf(node, l));
        step.flops = keep.size() < unique.size() ? elements : 0;
        plan.steps.push_back(step);
        hold(id, -1);
        live[pos] = addNode(std::move(result));
        hold(live[pos], +1);
    }
    // Pairwise contractions, cheapest first.
    while (live.size() > 1) {
        std::size_t bi = 0, bj = 1;
        double bestCost = -1, bestSize = 0;
        for (std::size_t i = 0; i < live.size(); ++i)
            for (std::size_t j = i + 1; j < live.size(); ++j) {
                const Node& a = nodes[std::size_t(live[i])];
                const Node& b = nodes[std::size_t(live[j])];
                const PairSplit ps = splitPair(a, b, neededOutside(live[i], live[j]));
                double iter = 1;
                for (int l : uniqueInOrder([&] {
                         std::vector<int> all = a.labels;
                         all.insert(all.end(), b.labels.begin(), b.labels.end());
                         return all;
                     }()))
                    iter *= double(std::max(dimOf(a, l), dimOf(b, l)));
                const double cost = ps.k.empty() ? iter : 2 * iter;
                const double rsize = double(shapeSize(ps.resultDims));
                if (bestCost < 0 || cost < bestCost || (cost == bestCost && rsize < bestSize)) {
                    bestCost = cost;
                    bestSize = rsize;
                    bi = i;
                    bj = j;
                }
            }
        const Node a = nodes[std::size_t(live[bi])];
        const Node b = nodes[std::size_t(live[bj])];
        const PairSplit ps = splitPair(a, b, neededOutside(live[bi], live[bj]));
        EinsumStep step;
        step.kind = ps.k.empty() ? EinsumStep::Kind::Multiply : EinsumStep::Kind::Gemm;
        step.inputs = {live[bi], live[bj]};
        step.subscripts = fmt::format("{},{}->{}", labelString(a.labels), labelString(b.labels), labelString(ps.result));
        step.resultShape = ps.resultDims;
        step.flops = bestCost;
        step.batch = labelString(ps.batch);
        step.m = labelString(ps.m);
        step.n = labelString(ps.n);
        step.k = labelString(ps.k);
        plan.steps.push_back(step);
        hold(live[bi], -1);
        hold(live[bj], -1);
        const int id = addNode({ps.result, ps.resultDims});
        hold(id, +1);
        live.erase(live.begin() + std::ptrdiff_t(bj));
        live[bi] = id;
    }
    const Node& final = nodes[std::size_t(live[0])];
    if (final.labels != out) {
        EinsumStep step;
        step.kind = EinsumStep::Kind::Permute;
        step.inputs = {live[0]};
        step.subscripts = fmt::format("{}->{}", labelString(final.labels), plan.outputSubscripts);
        step.resultShape = plan.outputShape;
        plan.steps.push_back(step);
    }
    for (const EinsumStep& st : plan.steps)
        plan.flops += st.flops;
    return plan;
}

std::string explain(const EinsumPlan& plan)
{
    std::string text = fmt::format("einsum '{}'", plan.subscripts);
    if (plan.normalized != plan.subscripts)
        text += fmt::format("  (explicit form '{}')", plan.normalized);
    text += "\n";
    if (plan.indices.find_first_of("0123456789") != std::string::npos)
        text += "the axes under '...' are named 0, 1, … here, and their loop variables e0, e1, …\n";
    for (std::size_t i = 0; i < plan.inputShapes.size(); ++i)
        text += fmt::format("operand {} ({}): '{}' shape {}\n", i, operandName(i), plan.inputSubscripts[i],
                            formatShape(plan.inputShapes[i]));
    std::vector<std::string> sizes;
    for (std::size_t i = 0; i < plan.indices.size(); ++i)
        sizes.push_back(fmt::format("{}={}", plan.indices[i], plan.sizes[i]));
    text += fmt::format("index sizes: {}\n", fmt::join(sizes, ", "));
    text += fmt::format("summed over: {}\n", plan.summed.empty() ? std::string("nothing") : plan.summed);
    text += fmt::format("output: '{}' shape {}\n", plan.outputSubscripts, formatShape(plan.outputShape));

    // The loop nest: output indices outside, summed ones inside.
    std::vector<int> all;
    for (const auto& labels : plan.inputLabels)
        for (int l : labels)
            if (!contains(all, l))
                all.push_back(l);
    std::vector<int> summed;
    for (int l : all)
        if (!contains(plan.outputLabels, l))
            summed.push_back(l);
    const auto sizeOf = [&](int l) { return plan.sizes[plan.indices.find(labelChar(l))]; };
    const auto access = [&](const std::string& name, const std::vector<int>& labels, const Shape* dims) {
        std::string s = name;
        for (std::size_t i = 0; i < labels.size(); ++i)
            s += fmt::format("[{}]", dims && (*dims)[i] == 1 && sizeOf(labels[i]) != 1 ? std::string("0")
                                                                                      : labelVar(labels[i]));
        return s;
    };
    const std::string target = access("out", plan.outputLabels, nullptr);
    std::string product;
    for (std::size_t i = 0; i < plan.inputLabels.size(); ++i)
        product += (i ? " * " : "") + access(operandName(i), plan.inputLabels[i], &plan.inputShapes[i]);
    text += "loop nest:\n";
    int depth = 1;
    const auto line = [&](const std::string& s) { text += std::string(std::size_t(2 * depth), ' ') + s + "\n"; };
    for (int l : plan.outputLabels) {
        line(fmt::format("for (int {0} = 0; {0} < {1}; ++{0})", labelVar(l), sizeOf(l)));
        ++depth;
    }
    if (summed.empty()) {
        line(fmt::format("{} = {};", target, product));
    } else {
        if (!plan.outputLabels.empty()) {
            text.back() = ' ';
            text += "{\n";
        }
        line(fmt::format("{} = 0;", target));
        const int body = depth;
        for (int l : summed) {
            line(fmt::format("for (int {0} = 0; {0} < {1}; ++{0})", labelVar(l), sizeOf(l)));
            ++depth;
        }
        line(fmt::format("{} += {};", target, product));
        depth = body - 1;
        if (!plan.outputLabels.empty())
            line("}");
    }
    text += fmt::format("FLOPs of this loop nest: {}\n", groupThousands(plan.naiveFlops));
    text += "plan:\n";
    if (plan.steps.empty())
        text += "  copy the operand (nothing to compute)\n";
    const std::size_t n = plan.inputShapes.size();
    const auto nodeName = [&](int id) {
        return std::size_t(id) < n ? operandName(std::size_t(id)) : fmt::format("T{}", std::size_t(id) - n + 1);
    };
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const EinsumStep& st = plan.steps[i];
        std::vector<std::string> ins;
        for (int id : st.inputs)
            ins.push_back(nodeName(id));
        std::string what;
        switch (st.kind) {
        case EinsumStep::Kind::Reduce: what = "reduce (diagonal/sum)"; break;
        case EinsumStep::Kind::Gemm:
            what = fmt::format("GEMM: batch '{}', rows '{}', columns '{}', summed '{}'", st.batch, st.m, st.n, st.k);
            break;
        case EinsumStep::Kind::Multiply: what = "broadcast multiply"; break;
        case EinsumStep::Kind::Permute: what = "permute axes"; break;
        }
        text += fmt::format("  {}. T{} = {}({}) '{}' -> shape {}, FLOPs {}\n", i + 1, i + 1, what, fmt::join(ins, ", "),
                            st.subscripts, formatShape(st.resultShape), groupThousands(st.flops));
    }
    text += fmt::format("FLOPs of the plan: {}\n", groupThousands(plan.flops));
    return text;
}

namespace {

// A view of t (axes labelled `labels`, repeats walking the diagonal) with axes `target`:
// labels t lacks become size-1 axes with stride 0.
Tensor alignTo(const Tensor& t, const std::vector<int>& labels, const std::vector<int>& target)
{
    Shape shape;
    Strides strides;
    for (int l : target) {
        std::int64_t dim = 1, stride = 0;
        for (std::size_t i = 0; i < labels.size(); ++i)
            if (labels[i] == l) {
                dim = t.shape()[i];
                stride += t.strides()[i];
            }
        shape.push_back(dim);
        strides.push_back(stride);
    }
    return t.asStrided(shape, strides);
}

Tensor reshapeTo(const Tensor& t, const Shape& shape) { return t.reshape(shape).tensor; }

} // namespace

Tensor einsum(const EinsumPlan& plan, std::span<const Tensor> operands)
{
    if (operands.size() != plan.inputShapes.size())
        throw InputError(fmt::format("einsum: the plan for '{}' takes {} operands, {} were given", plan.subscripts,
                                     plan.inputShapes.size(), operands.size()));
    DType t = operands.empty() ? DType::Float64 : operands[0].dtype();
    for (std::size_t i = 0; i < operands.size(); ++i) {
        if (operands[i].shape() != plan.inputShapes[i])
            throw InputError(fmt::format("einsum: operand {} has shape {} but the plan was made for {}", i,
                                         formatShape(operands[i].shape()), formatShape(plan.inputShapes[i])));
        t = promoteTypes(t, operands[i].dtype());
    }
    const DType compute = t == DType::Bool ? DType::Int64 : t;
    struct Work {
        Tensor tensor;
        std::vector<int> labels;
    };
    std::vector<Work> nodes;
    for (std::size_t i = 0; i < operands.size(); ++i)
        nodes.push_back({operands[i].dtype() == compute ? operands[i] : operands[i].astype(compute), plan.inputLabels[i]});
    // Label ids back from step strings: recompute from the plan's node bookkeeping.
    const auto labelsOf = [](std::string_view s) {
        std::vector<int> out;
        for (char c : s)
            out.push_back(isLetter(c) ? labelOf(c) : (c == '#' ? kLetters + 10 : kLetters + (c - '0')));
        return out;
    };
    Tensor result;
    bool haveResult = false;
    for (const EinsumStep& st : plan.steps) {
        const std::string_view sub = st.subscripts;
        const std::string_view rhs = sub.substr(sub.find("->") + 2);
        const std::vector<int> outLabels = labelsOf(rhs);
        Work& a = nodes[std::size_t(st.inputs[0])];
        Tensor r;
        switch (st.kind) {
        case EinsumStep::Kind::Reduce: {
            const std::vector<int> unique = uniqueInOrder(a.labels);
            Tensor diag = alignTo(a.tensor, a.labels, unique);
            Axes summedAxes;
            std::vector<int> kept;
            for (std::size_t i = 0; i < unique.size(); ++i) {
                if (contains(outLabels, unique[i]))
                    kept.push_back(unique[i]);
                else
                    summedAxes.push_back(std::int64_t(i));
            }
            Tensor reduced = summedAxes.empty() ? diag : sum(diag, summedAxes);
            r = alignTo(reduced, kept, outLabels).contiguous();
            if (sharesMemory(r, a.tensor))
                r = r.copy();
            break;
        }
        case EinsumStep::Kind::Gemm: {
            Work& b = nodes[std::size_t(st.inputs[1])];
            const std::vector<int> batch = labelsOf(st.batch), m = labelsOf(st.m), n = labelsOf(st.n), k = labelsOf(st.k);
            std::vector<int> aOrder = batch, bOrder = batch;
            aOrder.insert(aOrder.end(), m.begin(), m.end());
            aOrder.insert(aOrder.end(), k.begin(), k.end());
            bOrder.insert(bOrder.end(), k.begin(), k.end());
            bOrder.insert(bOrder.end(), n.begin(), n.end());
            const Tensor av = alignTo(a.tensor, a.labels, aOrder);
            const Tensor bv = alignTo(b.tensor, b.labels, bOrder);
            const std::size_t nb = batch.size();
            const auto prod = [](const Tensor& x, std::size_t from, std::size_t count) {
                std::int64_t p = 1;
                for (std::size_t i = from; i < from + count; ++i)
                    p *= x.shape()[i];
                return p;
            };
            Shape a3(av.shape().begin(), av.shape().begin() + std::ptrdiff_t(nb));
            Shape b3(bv.shape().begin(), bv.shape().begin() + std::ptrdiff_t(nb));
            a3.push_back(prod(av, nb, m.size()));
            a3.push_back(prod(av, nb + m.size(), k.size()));
            b3.push_back(prod(bv, nb, k.size()));
            b3.push_back(prod(bv, nb + k.size(), n.size()));
            Tensor c = matmul(reshapeTo(av, a3), reshapeTo(bv, b3));
            Shape full(c.shape().begin(), c.shape().begin() + std::ptrdiff_t(nb));
            for (std::size_t i = 0; i < m.size(); ++i)
                full.push_back(av.shape()[nb + i]);
            for (std::size_t i = 0; i < n.size(); ++i)
                full.push_back(bv.shape()[nb + k.size() + i]);
            r = reshapeTo(c, full);
            break;
        }
        case EinsumStep::Kind::Multiply: {
            Work& b = nodes[std::size_t(st.inputs[1])];
            r = multiply(alignTo(a.tensor, a.labels, outLabels), alignTo(b.tensor, b.labels, outLabels));
            break;
        }
        case EinsumStep::Kind::Permute:
            r = alignTo(a.tensor, a.labels, outLabels).contiguous();
            if (sharesMemory(r, a.tensor))
                r = r.copy();
            break;
        }
        nodes.push_back({r, outLabels});
        result = r;
        haveResult = true;
    }
    if (!haveResult)
        result = nodes[0].tensor.copy();
    if (t == DType::Bool)
        return notEqual(result, Tensor::scalar(0, DType::Int64));
    return result;
}

Tensor einsum(std::string_view subscripts, std::span<const Tensor> operands)
{
    std::vector<Shape> shapes;
    for (const Tensor& t : operands)
        shapes.push_back(t.shape());
    return einsum(planEinsum(subscripts, shapes), operands);
}

} // namespace mlwb::tensor
