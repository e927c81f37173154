// The einsum subscript parser and planner: the first line is the subscripts, each further
// line one operand's shape, e.g. "ij,jk->ik\n(2,3)\n(3,4)".
#include "core/input_error.h"
#include "tensor/einsum.h"
#include "tensor/shape.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mlwb::tensor;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t eol = text.find('\n');
    const std::string_view subscripts = text.substr(0, eol);
    try {
        std::vector<Shape> shapes;
        for (text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1); !text.empty();) {
            const std::size_t next = text.find('\n');
            shapes.push_back(parseShape(text.substr(0, next)));
            text = next == std::string_view::npos ? std::string_view() : text.substr(next + 1);
        }
        (void)explain(planEinsum(subscripts, shapes));
    } catch (const mlwb::InputError&) {
    }
    return 0;
}
