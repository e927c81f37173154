#include "interp/boxed_vm.h"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace mlwb::interp {

namespace {

// ---- Boxed values, as CPython's PyObject: a reference count, a type tag, a payload.
enum class Type : std::uint8_t { Int, Float, List, Range, RangeIterator, Builtin };

struct Object {
    std::int64_t refs = 1;
    Type type;
    explicit Object(Type t) : type(t) {}
};
struct Int : Object {
    std::int64_t value;
    explicit Int(std::int64_t v) : Object(Type::Int), value(v) {}
};
struct Float : Object {
    double value;
    explicit Float(double v) : Object(Type::Float), value(v) {}
};
struct List : Object {
    std::vector<Object*> items;
    List() : Object(Type::List) {}
};
struct Range : Object {
    std::int64_t stop;
    explicit Range(std::int64_t s) : Object(Type::Range), stop(s) {}
};
struct RangeIterator : Object {
    std::int64_t next = 0, stop;
    explicit RangeIterator(std::int64_t s) : Object(Type::RangeIterator), stop(s) {}
};
struct Builtin : Object {
    Object* (*call)(Object* argument);
    explicit Builtin(Object* (*f)(Object*)) : Object(Type::Builtin), call(f) {}
};

void decref(Object* o);

void destroy(Object* o)
{
    switch (o->type) {
    case Type::Int: delete static_cast<Int*>(o); return;
    case Type::Float: delete static_cast<Float*>(o); return;
    case Type::List:
        for (Object* item : static_cast<List*>(o)->items)
            decref(item);
        delete static_cast<List*>(o);
        return;
    case Type::Range: delete static_cast<Range*>(o); return;
    case Type::RangeIterator: delete static_cast<RangeIterator*>(o); return;
    case Type::Builtin: delete static_cast<Builtin*>(o); return;
    }
}

inline void incref(Object* o) { ++o->refs; }
inline void decref(Object* o)
{
    if (--o->refs == 0)
        destroy(o);
}

// CPython keeps the integers −5…256 as shared objects; every other int is a new object.
class SmallInts {
public:
    SmallInts()
    {
        for (std::int64_t v = kLow; v <= kHigh; ++v)
            cache_.push_back(new Int(v));
    }
    ~SmallInts()
    {
        for (Object* o : cache_)
            decref(o);
    }
    Object* make(std::int64_t v)
    {
        if (v < kLow || v > kHigh)
            return new Int(v);
        Object* o = cache_[std::size_t(v - kLow)];
        incref(o);
        return o;
    }

private:
    static constexpr std::int64_t kLow = -5, kHigh = 256;
    std::vector<Object*> cache_;
};

[[noreturn]] void typeError(const char* what) { throw std::runtime_error(std::string("TypeError: ") + what); }

double asNumber(const Object* o)
{
    if (o->type == Type::Float)
        return static_cast<const Float*>(o)->value;
    if (o->type == Type::Int)
        return double(static_cast<const Int*>(o)->value);
    typeError("unsupported operand type for arithmetic");
}

Object* builtinRange(Object* stop)
{
    if (stop->type != Type::Int)
        typeError("range() takes an integer");
    return new Range(static_cast<Int*>(stop)->value);
}

Object* builtinSqrt(Object* x) { return new Float(std::sqrt(asNumber(x))); }

// ---- Bytecode, after CPython's (dis.dis of the loop above, with range iteration fused into
// GET_ITER/FOR_ITER as CPython does).
enum class Op : std::uint8_t {
    LoadConst, LoadFast, StoreFast, LoadGlobal, BinarySubscr, StoreSubscr, BinaryAdd, BinarySubtract,
    BinaryMultiply, Call1, GetIter, ForIter, Jump, EndRow, Return
};
struct Instruction {
    Op op;
    int arg = 0;
};

enum Local { I, J, K, S, Diff, kLocals };
enum Global { X, D, N, Dims, RangeFn, SqrtFn };
const char* const kGlobalNames[] = {"X", "D", "n", "d", "range", "sqrt"};

struct Program {
    std::vector<Instruction> code;
    int innerFor = 0, innerJump = 0;
};

Program distanceProgram()
{
    Program p;
    auto& c = p.code;
    const auto emit = [&](Op op, int arg = 0) {
        c.push_back({op, arg});
        return int(c.size()) - 1;
    };
    const auto loopOver = [&](Global bound) {  // range(bound) → FOR_ITER, patched later
        emit(Op::LoadGlobal, RangeFn);
        emit(Op::LoadGlobal, bound);
        emit(Op::Call1);
        emit(Op::GetIter);
        return emit(Op::ForIter);
    };
    const int forI = loopOver(N);
    emit(Op::StoreFast, I);
    const int forJ = loopOver(N);
    emit(Op::StoreFast, J);
    emit(Op::LoadConst, 0);  // 0.0
    emit(Op::StoreFast, S);
    const int forK = loopOver(Dims);
    emit(Op::StoreFast, K);
    for (Local row : {I, J}) {  // X[i][k], then X[j][k]
        emit(Op::LoadGlobal, X);
        emit(Op::LoadFast, row);
        emit(Op::BinarySubscr);
        emit(Op::LoadFast, K);
        emit(Op::BinarySubscr);
    }
    emit(Op::BinarySubtract);
    emit(Op::StoreFast, Diff);
    emit(Op::LoadFast, S);
    emit(Op::LoadFast, Diff);
    emit(Op::LoadFast, Diff);
    emit(Op::BinaryMultiply);
    emit(Op::BinaryAdd);
    emit(Op::StoreFast, S);
    const int jumpK = emit(Op::Jump, forK);
    c[std::size_t(forK)].arg = int(c.size());
    emit(Op::LoadGlobal, SqrtFn);  // D[i][j] = sqrt(s)
    emit(Op::LoadFast, S);
    emit(Op::Call1);
    emit(Op::LoadGlobal, D);
    emit(Op::LoadFast, I);
    emit(Op::BinarySubscr);
    emit(Op::LoadFast, J);
    emit(Op::StoreSubscr);
    emit(Op::Jump, forJ);
    c[std::size_t(forJ)].arg = int(c.size());
    emit(Op::EndRow);  // where CPython's eval loop would look at its "eval breaker"
    emit(Op::Jump, forI);
    c[std::size_t(forI)].arg = int(c.size());
    emit(Op::Return);
    p.innerFor = forK;
    p.innerJump = jumpK;
    return p;
}

Object* listOfFloats(std::span<const double> values)
{
    auto* l = new List;
    l->items.reserve(values.size());
    for (double v : values)
        l->items.push_back(new Float(v));
    return l;
}

std::int64_t checkedIndex(const Object* list, const Object* index)
{
    if (list->type != Type::List)
        typeError("object is not subscriptable");
    if (index->type != Type::Int)
        typeError("list indices must be integers");
    const auto& items = static_cast<const List*>(list)->items;
    std::int64_t i = static_cast<const Int*>(index)->value;
    if (i < 0)
        i += std::int64_t(items.size());
    if (i < 0 || i >= std::int64_t(items.size()))
        throw std::runtime_error("IndexError: list index out of range");
    return i;
}

} // namespace

int innerLoopInstructions()
{
    const Program p = distanceProgram();
    return p.innerJump - p.innerFor + 1;
}

DistanceLoopResult interpretDistanceLoop(std::span<const double> x, std::int64_t n, std::int64_t d,
                                         double budgetSeconds, std::stop_token stop)
{
    if (n < 1 || d < 1 || std::int64_t(x.size()) != n * d)
        throw std::invalid_argument("interpretDistanceLoop: x must hold n × d values");
    const Program program = distanceProgram();
    SmallInts ints;
    std::unordered_map<std::string, Object*> globals;
    auto* rows = new List;  // X = x.tolist()
    for (std::int64_t i = 0; i < n; ++i)
        rows->items.push_back(listOfFloats(x.subspan(std::size_t(i * d), std::size_t(d))));
    Object* zero = new Float(0.0);
    auto* distances = new List;  // D = [[0.0] * n for _ in range(n)]
    for (std::int64_t i = 0; i < n; ++i) {
        auto* row = new List;
        row->items.assign(std::size_t(n), zero);
        zero->refs += n;
        distances->items.push_back(row);
    }
    globals[kGlobalNames[X]] = rows;
    globals[kGlobalNames[D]] = distances;
    globals[kGlobalNames[N]] = ints.make(n);
    globals[kGlobalNames[Dims]] = ints.make(d);
    globals[kGlobalNames[RangeFn]] = new Builtin(builtinRange);
    globals[kGlobalNames[SqrtFn]] = new Builtin(builtinSqrt);
    std::vector<Object*> constants{zero};
    incref(zero);

    DistanceLoopResult result;
    Object* locals[kLocals] = {};
    Object* stack[16];
    int top = 0;  // stack[top - 1] is the top
    const auto push = [&](Object* o) { stack[top++] = o; };
    const auto pop = [&] { return stack[--top]; };
    const auto setLocal = [&](int slot, Object* o) {
        if (locals[slot])
            decref(locals[slot]);
        locals[slot] = o;
    };
    const auto binary = [&](double (*f)(double, double)) {
        Object* b = pop();
        Object* a = pop();
        push(new Float(f(asNumber(a), asNumber(b))));
        decref(a);
        decref(b);
    };
    const auto start = std::chrono::steady_clock::now();
    std::int64_t executed = 0;
    for (int pc = 0;;) {
        const Instruction in = program.code[std::size_t(pc++)];
        ++executed;
        switch (in.op) {
        case Op::LoadConst: incref(constants[std::size_t(in.arg)]); push(constants[std::size_t(in.arg)]); break;
        case Op::LoadFast: incref(locals[in.arg]); push(locals[in.arg]); break;
        case Op::StoreFast: setLocal(in.arg, pop()); break;
        case Op::LoadGlobal: {
            const auto found = globals.find(kGlobalNames[in.arg]);
            if (found == globals.end())
                throw std::runtime_error(std::string("NameError: ") + kGlobalNames[in.arg]);
            incref(found->second);
            push(found->second);
            break;
        }
        case Op::BinarySubscr: {
            Object* index = pop();
            Object* list = pop();
            Object* item = static_cast<List*>(list)->items[std::size_t(checkedIndex(list, index))];
            incref(item);
            push(item);
            decref(index);
            decref(list);
            break;
        }
        case Op::StoreSubscr: {
            Object* index = pop();
            Object* list = pop();
            Object* value = pop();
            Object*& slot = static_cast<List*>(list)->items[std::size_t(checkedIndex(list, index))];
            decref(slot);
            slot = value;
            decref(index);
            decref(list);
            break;
        }
        case Op::BinaryAdd: binary([](double a, double b) { return a + b; }); break;
        case Op::BinarySubtract: binary([](double a, double b) { return a - b; }); break;
        case Op::BinaryMultiply: binary([](double a, double b) { return a * b; }); break;
        case Op::Call1: {
            Object* argument = pop();
            Object* callable = pop();
            if (callable->type != Type::Builtin)
                typeError("object is not callable");
            push(static_cast<Builtin*>(callable)->call(argument));
            decref(argument);
            decref(callable);
            break;
        }
        case Op::GetIter: {
            Object* range = pop();
            if (range->type != Type::Range)
                typeError("object is not iterable");
            push(new RangeIterator(static_cast<Range*>(range)->stop));
            decref(range);
            break;
        }
        case Op::ForIter: {
            auto* it = static_cast<RangeIterator*>(stack[top - 1]);
            if (it->next < it->stop) {
                push(ints.make(it->next++));
                if (pc - 1 == program.innerFor)
                    ++result.innerIterations;
            } else {
                decref(pop());
                pc = in.arg;
            }
            break;
        }
        case Op::Jump: pc = in.arg; break;
        case Op::EndRow:
            ++result.rowsDone;
            if (stop.stop_requested() ||
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budgetSeconds)
                pc = int(program.code.size()) - 1;  // to Return, leaving the i loop's iterator behind
            break;
        case Op::Return:
            while (top > 0)
                decref(pop());
            pc = -1;
            break;
        }
        if (pc < 0)
            break;
    }
    result.instructions = executed;
    result.distances.assign(std::size_t(n * n), 0.0);
    for (std::int64_t i = 0; i < result.rowsDone; ++i)
        for (std::int64_t j = 0; j < n; ++j)
            result.distances[std::size_t(i * n + j)] =
                asNumber(static_cast<List*>(distances->items[std::size_t(i)])->items[std::size_t(j)]);
    for (Object*& local : locals)
        if (local)
            decref(local);
    for (Object* c : constants)
        decref(c);
    for (auto& [name, value] : globals)
        decref(value);
    decref(zero);
    return result;
}

} // namespace mlwb::interp
