// The CSV reader on any bytes: an InputError is a fine answer, anything else is a bug.
#include "core/input_error.h"
#include "data/csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        mlwb::data::parseCsv(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv");
    } catch (const mlwb::InputError&) {
    }
    return 0;
}
