#include "core/atomic_file.h"

#include "core/input_error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace mlwb {

void writeFileAtomically(const std::string& path, std::string_view bytes)
{
    const auto fail = [&](int cause) {
        throw InputError(fmt::format("cannot write \"{}\": {}", path, std::strerror(cause)));
    };
    std::string pattern = path + ".XXXXXX";
    std::vector<char> temp(pattern.begin(), pattern.end());
    temp.push_back('\0');
    const int fd = ::mkstemp(temp.data());
    if (fd < 0)
        fail(errno);
    const auto abandon = [&](int cause) {
        ::close(fd);
        ::unlink(temp.data());
        fail(cause);
    };
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            abandon(n < 0 ? errno : ENOSPC);
        done += std::size_t(n);
    }
    // mkstemp makes the file private (0600); a saved file gets the usual rw-r--r-- less umask.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd, 0666 & ~mask) != 0 || ::fsync(fd) != 0)
        abandon(errno);
    if (::close(fd) != 0) {
        const int cause = errno;
        ::unlink(temp.data());
        fail(cause);
    }
    if (std::rename(temp.data(), path.c_str()) != 0) {
        const int cause = errno;
        ::unlink(temp.data());
        fail(cause);
    }
}

} // namespace mlwb
