#include "bench/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mlkem::tool::bench {

namespace {

std::string directory_of(const std::string &path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

[[noreturn]] void fail(const std::string &path, const std::string &what) {
  throw OutputError(path + ": " + what);
}

}  // namespace

void check_output_path(const std::string &path, bool force) {
  if (path.empty()) throw OutputError("an output file name is empty");
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail(path, "is a directory");
    if (!force) fail(path, "already exists (use --force to overwrite)");
    if (access(path.c_str(), W_OK) != 0) fail(path, std::strerror(errno));
    return;
  }
  const std::string dir = directory_of(path);
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    fail(path, "directory " + dir + " does not exist");
  if (access(dir.c_str(), W_OK) != 0) fail(path, "directory " + dir + " is not writable");
}

void write_output_file(const std::string &path, std::string_view content, bool force) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL);
  const int fd = open(path.c_str(), flags, 0644);
  if (fd < 0) {
    if (errno == EEXIST) fail(path, "already exists (use --force to overwrite)");
    fail(path, std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = errno;
      close(fd);
      fail(path, std::string("write failed: ") + std::strerror(e));
    }
    done += static_cast<std::size_t>(n);
  }
  if (close(fd) != 0) fail(path, std::string("close failed: ") + std::strerror(errno));
}

}  // namespace mlkem::tool::bench
