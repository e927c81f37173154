#pragma once
// Opening a file a learner names, refusing what would hang or exhaust memory: a FIFO blocks
// in open() until a writer comes, /dev/zero never ends. Only regular files up to a size
// limit are read; the errors name the file and say why.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace mlwb {

struct RegularFile {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{nullptr, &std::fclose};
    std::uint64_t size = 0;      // as fstat saw it (a file being written may grow)
    std::uint64_t maxBytes = 0;  // the limit readers must also keep to while reading
};

// The largest file read whole: an eighth of physical memory, since parsing takes several
// times the text's size.
std::uint64_t maxReadableBytes();

// Opens `path` for reading without blocking, InputError unless it is a regular file of at
// most maxReadableBytes(). `what` names it in messages, e.g. "data set".
RegularFile openRegularFile(const std::string& path, std::string_view what);

// InputError when `path` exists and is not a regular file (writing to a FIFO blocks in open()).
void refuseNonRegularTarget(const std::string& path, std::string_view what);

// InputError "<what> "<path>" is larger than …" for a reader that went past the limit.
[[noreturn]] void throwTooLarge(const std::string& path, std::string_view what, std::uint64_t maxBytes);

} // namespace mlwb
