// Loading a saved pipeline: any bytes as JSON, then the transformer tree they describe.
#include "core/input_error.h"
#include "preprocess/transformer.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr, false);
    if (json.is_discarded())
        return 0;
    try {
        (void)mlwb::preprocess::fromJson(json, "pipeline");
    } catch (const mlwb::InputError&) {
    }
    return 0;
}
