// The shape parser, and what the labs do next with a parsed shape: size, format, broadcast.
#include "core/input_error.h"
#include "tensor/shape.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mlwb::tensor;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t bar = text.find('|');  // "a|b": two shapes to broadcast
    try {
        const Shape a = parseShape(text.substr(0, bar));
        (void)shapeSize(a);
        (void)formatShape(a);
        if (bar != std::string_view::npos)
            (void)shapeSize(broadcastShapes(a, parseShape(text.substr(bar + 1))));
    } catch (const mlwb::InputError&) {
    }
    return 0;
}
