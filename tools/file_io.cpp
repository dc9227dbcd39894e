// Staged, all-or-nothing file output; see file_io.h.
#include "file_io.h"

#include <sys/random.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
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

OutputSet::~OutputSet() {
  roll_back();
  remove_staged();
}

namespace {

std::runtime_error not_regular(const std::string &path) {
  return std::runtime_error(path +
                            ": not a regular file (outputs replace only regular files, even "
                            "with --force; - is standard output)");
}

// A name next to `path` that nothing has: "DIR/.BASE.tmpPID.TAGN". `take`
// tries to claim a candidate and returns errno (EEXIST: try the next one).
template <typename Take>
std::string claim_name(const std::string &path, const char *tag, Take take) {
  for (unsigned attempt = 0;; attempt++) {
    const std::string name = dir_of(path) + "." + base_of(path) + ".tmp" +
                             std::to_string(::getpid()) + tag + std::to_string(attempt);
    const int err = take(name);
    if (err == 0) return name;
    if (err != EEXIST || attempt >= 100)
      throw file_error(path, "cannot create a file in its directory", err);
  }
}

}  // namespace

void OutputSet::add(const std::string &path, keyfmt::Buffer data, mode_t mode) {
  if (path.empty()) throw std::runtime_error("empty output file name");
  if (path == "-") {
    items_.push_back({path, std::move(data), mode, {}, {}, false});
    return;
  }
  const std::string base = base_of(path);
  if (base.empty() || base == "." || base == "..")
    throw std::runtime_error(path + ": names a directory, not a file");
  struct stat st;
  const bool found = ::lstat(path.c_str(), &st) == 0;
  if (!found && errno != ENOENT) throw file_error(path, "cannot look up", errno);
  if (found && !S_ISREG(st.st_mode)) throw not_regular(path);
  if (found && !force_)
    throw std::runtime_error(path + ": already exists (use --force to overwrite)");

  // Spellings differ ("x", "./x", "d/x" through a linked directory): compare
  // the resolved directory and name, and for existing files device and inode
  // (which also catches a second hard link).
  const std::string dir = dir_of(path);
  char *resolved = ::realpath(dir.empty() ? "." : dir.c_str(), nullptr);
  if (resolved == nullptr) throw file_error(path, "cannot create a file in its directory", errno);
  Target t{std::string(resolved) + "/" + base, found, found ? st.st_dev : 0,
           found ? st.st_ino : 0};
  std::free(resolved);
  for (const Target &o : targets_)
    if (o.where == t.where || (t.exists && o.exists && o.dev == t.dev && o.ino == t.ino))
      throw std::runtime_error(path + ": named for two outputs");
  targets_.push_back(std::move(t));
  items_.push_back({path, std::move(data), mode, {}, {}, false});
}

void OutputSet::stage(Item &it) {
  int fd = -1;
  it.tmp = claim_name(it.path, ".", [&](const std::string &name) {
    fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, it.mode);
    return fd < 0 ? errno : 0;
  });
  const bool ok = write_all(fd, it.data.data(), it.data.size()) && ::fsync(fd) == 0;
  const int err = errno;
  if (::close(fd) != 0 || !ok) throw file_error(it.path, "cannot write", ok ? errno : err);
}

// Without --force, link() refuses a file that appeared since add() checked.
// With it, the file replaced keeps a second name until the commit is done.
void OutputSet::place(Item &it) {
  struct stat st;
  if (::lstat(it.path.c_str(), &st) == 0) {
    if (!force_) throw std::runtime_error(it.path + ": already exists (use --force to overwrite)");
    if (!S_ISREG(st.st_mode)) throw not_regular(it.path);
    it.backup = claim_name(it.path, ".old", [&](const std::string &name) {
      return ::link(it.path.c_str(), name.c_str()) == 0 ? 0 : errno;
    });
    if (::rename(it.tmp.c_str(), it.path.c_str()) != 0) {
      const int err = errno;
      ::unlink(it.backup.c_str());
      it.backup.clear();
      throw file_error(it.path, "cannot rename into place", err);
    }
  } else {
    if (errno != ENOENT) throw file_error(it.path, "cannot look up", errno);
    if (::link(it.tmp.c_str(), it.path.c_str()) != 0) {
      if (errno == EEXIST)
        throw std::runtime_error(it.path + ": already exists (use --force to overwrite)");
      throw file_error(it.path, "cannot move into place", errno);
    }
    ::unlink(it.tmp.c_str());
  }
  it.tmp.clear();
  it.placed = true;
}

void OutputSet::write_stdout() {
  // A reader that has gone must give EPIPE, not a SIGPIPE death that would
  // skip the roll-back and leave the files placed.
  std::signal(SIGPIPE, SIG_IGN);
  for (Item &it : items_) {
    if (it.path != "-") continue;
    if (!write_all(STDOUT_FILENO, it.data.data(), it.data.size()))
      throw file_error("stdout", "cannot write", errno);
  }
}

void OutputSet::commit() {
  try {
    for (Item &it : items_)
      if (it.path != "-") stage(it);
    for (Item &it : items_)
      if (it.path != "-") place(it);
    write_stdout();
  } catch (...) {
    roll_back();
    remove_staged();
    throw;
  }
  drop_backups();
}

void OutputSet::roll_back() noexcept {
  for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
    if (!it->placed) continue;
    if (it->backup.empty()) {
      ::unlink(it->path.c_str());
    } else {
      ::rename(it->backup.c_str(), it->path.c_str());
      it->backup.clear();
    }
    it->placed = false;
  }
}

void OutputSet::remove_staged() noexcept {
  for (Item &it : items_) {
    if (!it.tmp.empty()) ::unlink(it.tmp.c_str());
    it.tmp.clear();
  }
}

void OutputSet::drop_backups() noexcept {
  for (Item &it : items_) {
    if (!it.backup.empty()) ::unlink(it.backup.c_str());
    it.backup.clear();
    it.placed = false;
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
  } catch (const keyfmt::BackendError &) {
    throw;  // not the file's fault: no file name in front
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
