#include "core/regular_file.h"

#include "core/input_error.h"
#include "core/large_allocator.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mlwb {

namespace {

const char* kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

} // namespace

std::uint64_t maxReadableBytes() { return std::uint64_t(physicalMemoryBytes()) / 8; }

void throwTooLarge(const std::string& path, std::string_view what, std::uint64_t maxBytes)
{
    throw InputError(fmt::format("{} \"{}\" is larger than {:.3g} GiB, the limit on this machine (an eighth of its "
                                 "memory, as reading takes several times a file's size)",
                                 what, path, double(maxBytes) / (1024.0 * 1024.0 * 1024.0)));
}

void refuseNonRegularTarget(const std::string& path, std::string_view what)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw InputError(fmt::format("{} \"{}\" is {}, not a regular file; choose a file name", what, path,
                                     kindOf(st.st_mode)));
}

RegularFile openRegularFile(const std::string& path, std::string_view what)
{
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw InputError(fmt::format("cannot open {} \"{}\": {}", what, path, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const int saved = errno;
        const bool statFailed = !S_ISREG(st.st_mode) && st.st_mode == 0;
        ::close(fd);
        if (statFailed)
            throw InputError(fmt::format("cannot open {} \"{}\": {}", what, path, std::strerror(saved)));
        throw InputError(fmt::format("{} \"{}\" is {}, not a regular file; save the data to a file and open that",
                                     what, path, kindOf(st.st_mode)));
    }
    RegularFile result;
    result.maxBytes = maxReadableBytes();
    result.size = std::uint64_t(st.st_size);
    if (result.size > result.maxBytes) {
        ::close(fd);
        throwTooLarge(path, what, result.maxBytes);
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    result.file.reset(::fdopen(fd, "rb"));
    if (!result.file) {
        const int saved = errno;
        ::close(fd);
        throw InputError(fmt::format("cannot open {} \"{}\": {}", what, path, std::strerror(saved)));
    }
    return result;
}

} // namespace mlwb
