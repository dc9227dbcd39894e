// Staged, all-or-nothing file output; see file_io.h.
#include "file_io.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace mlkem::tool {

namespace {

std::runtime_error file_error(const std::string &path, const std::string &what, int err) {
  return std::runtime_error(path + ": " + what + ": " + std::strerror(err));
}

bool write_all(int fd, const std::uint8_t *p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

std::string dir_of(const std::string &path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  return path.substr(0, slash + 1);
}

std::string base_of(const std::string &path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool exists(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

keyfmt::Buffer read_file(const std::string &path) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw file_error(path, "cannot open", errno);
  keyfmt::Buffer out;
  std::uint8_t chunk[4096];
  for (;;) {
    const ssize_t r = ::read(fd, chunk, sizeof chunk);
    if (r < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (!is_stdin) ::close(fd);
      keyfmt::wipe(chunk, sizeof chunk);
      throw file_error(path, "cannot read", err);
    }
    if (r == 0) break;
    out.insert(out.end(), chunk, chunk + r);
    if (out.size() > (1u << 20)) {
      if (!is_stdin) ::close(fd);
      keyfmt::wipe(chunk, sizeof chunk);
      throw std::runtime_error(path + ": file too large for a key or ciphertext (over 1 MiB)");
    }
  }
  keyfmt::wipe(chunk, sizeof chunk);
  if (!is_stdin) ::close(fd);
  return out;
}

OutputSet::~OutputSet() { cleanup(); }

void OutputSet::cleanup() noexcept {
  for (Item &it : items_) {
    if (!it.tmp.empty()) ::unlink(it.tmp.c_str());
    it.tmp.clear();
  }
}

void OutputSet::add(const std::string &path, keyfmt::Buffer data, mode_t mode) {
  if (path.empty()) throw std::runtime_error("empty output file name");
  for (const Item &it : items_)
    if (it.path == path && path != "-")
      throw std::runtime_error(path + ": named for two outputs");
  if (path != "-" && !force_ && exists(path))
    throw std::runtime_error(path + ": already exists (use --force to overwrite)");
  items_.push_back({path, std::move(data), mode, {}});
}

void OutputSet::commit() {
  // Stage every file output first.
  for (Item &it : items_) {
    if (it.path == "-") continue;
    for (unsigned attempt = 0;; attempt++) {
      it.tmp = dir_of(it.path) + "." + base_of(it.path) + ".tmp" + std::to_string(::getpid()) +
               "." + std::to_string(attempt);
      const int fd = ::open(it.tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, it.mode);
      if (fd < 0) {
        const int err = errno;
        it.tmp.clear();
        if (err == EEXIST && attempt < 100) continue;
        cleanup();
        throw file_error(it.path, "cannot create a file in its directory", err);
      }
      const bool ok = write_all(fd, it.data.data(), it.data.size()) && ::fsync(fd) == 0;
      const int err = errno;
      if (::close(fd) != 0 || !ok) {
        cleanup();
        throw file_error(it.path, "cannot write", ok ? errno : err);
      }
      break;
    }
  }
  // Then move them into place. Without --force, link() refuses to replace a
  // file that appeared since add() checked; if it does, the outputs already
  // placed by this call are removed again.
  std::vector<std::string> placed;
  const auto undo = [&placed]() noexcept {
    for (const std::string &p : placed) ::unlink(p.c_str());
  };
  for (Item &it : items_) {
    if (it.path == "-") continue;
    if (force_) {
      if (::rename(it.tmp.c_str(), it.path.c_str()) != 0) {
        const int err = errno;
        cleanup();
        throw file_error(it.path, "cannot rename into place", err);
      }
    } else {
      if (::link(it.tmp.c_str(), it.path.c_str()) != 0) {
        const int err = errno;
        cleanup();
        undo();
        if (err == EEXIST)
          throw std::runtime_error(it.path + ": already exists (use --force to overwrite)");
        throw file_error(it.path, "cannot move into place", err);
      }
      ::unlink(it.tmp.c_str());
      placed.push_back(it.path);
    }
    it.tmp.clear();
  }
  for (Item &it : items_) {
    if (it.path != "-") continue;
    if (!write_all(STDOUT_FILENO, it.data.data(), it.data.size()))
      throw file_error("stdout", "cannot write", errno);
  }
}

namespace {

// Reads the key file and parses it with `load`, naming the file in front of
// a FormatError message.
template <typename Load>
auto load_key_file(const std::string &path, Load load) {
  const keyfmt::Buffer data = read_file(path);
  try {
    return load(data);
  } catch (const keyfmt::FormatError &e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace

keyfmt::PrivateKey load_private_file(const std::string &path, keyfmt::Encoding enc,
                                     std::optional<ParameterSet> alg) {
  return load_key_file(path,
                       [&](const keyfmt::Buffer &d) { return keyfmt::load_private(d, enc, alg); });
}

keyfmt::PublicKey load_public_file(const std::string &path, keyfmt::Encoding enc,
                                   std::optional<ParameterSet> alg) {
  return load_key_file(path,
                       [&](const keyfmt::Buffer &d) { return keyfmt::load_public(d, enc, alg); });
}

std::optional<ParameterSet> alg_option(const std::string &value) {
  if (value.empty()) return std::nullopt;
  const auto set = parameter_set_from_name(value);
  if (!set)
    throw UsageError("unknown --alg '" + value + "' (ML-KEM-512, ML-KEM-768 or ML-KEM-1024)");
  return set;
}

keyfmt::Encoding input_encoding_option(const std::string &option, const std::string &value) {
  const auto enc = keyfmt::encoding_from_name(value.empty() ? "auto" : value);
  if (!enc) throw UsageError("unknown " + option + " '" + value + "' (auto, pem, der, raw, hex)");
  return *enc;
}

keyfmt::Encoding output_encoding_option(const std::string &outform, bool der) {
  if (der && !outform.empty() && outform != "der")
    throw UsageError("--der contradicts --outform " + outform);
  if (der || outform.empty()) return der ? keyfmt::Encoding::der : keyfmt::Encoding::pem;
  const auto enc = keyfmt::encoding_from_name(outform);
  if (!enc || *enc == keyfmt::Encoding::automatic)
    throw UsageError("unknown --outform '" + outform + "' (pem, der, raw, hex)");
  return *enc;
}

void os_random(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t r = ::getrandom(out.data() + done, out.size() - done, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw file_error("getrandom", "the OS random source failed", errno);
    }
    done += static_cast<std::size_t>(r);
  }
}

}  // namespace mlkem::tool
