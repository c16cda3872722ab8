#include "vault/clamd.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <fstream>

namespace cw::vault {

namespace {

constexpr std::string_view kUnix = "unix:";

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

int connect_to(const std::string& address) {
  if (address.rfind(kUnix, 0) == 0) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    const std::string path = address.substr(kUnix.size());
    if (path.size() >= sizeof sa.sun_path) throw ScanUnavailable("clamd socket path too long");
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw ScanUnavailable("socket failed");
    if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      close(fd);
      throw ScanUnavailable("clamd is not listening on " + path + ": " + std::strerror(errno));
    }
    return fd;
  }
  const size_t colon = address.rfind(':');
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address.substr(0, colon).c_str(), address.substr(colon + 1).c_str(), &hints, &found) != 0 || !found)
    throw ScanUnavailable("clamd address " + address + " does not resolve");
  int fd = -1;
  for (addrinfo* a = found; a; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    if (fd >= 0) close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) throw ScanUnavailable("clamd is not listening on " + address);
  return fd;
}

void send_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    // clamd closes the stream early when it is over StreamMaxLength; its answer says so.
    if (n <= 0) throw ScanUnavailable(std::string("sending to clamd failed: ") + std::strerror(errno));
    data += n;
    size -= static_cast<size_t>(n);
  }
}

}  // namespace

std::optional<std::string> clamd_address_problem(const std::string& address) {
  if (address.rfind(kUnix, 0) == 0) {
    if (address.size() == kUnix.size()) return "unix: needs a socket path";
    return std::nullopt;
  }
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size())
    return "must be unix:/path/to/clamd.socket or host:port";
  for (size_t i = colon + 1; i < address.size(); ++i)
    if (address[i] < '0' || address[i] > '9') return "the port must be a number";
  return std::nullopt;
}

std::optional<std::string> clamd_scan(const ClamdSettings& settings, const std::filesystem::path& file) {
  Socket sock(connect_to(settings.address));
  const timeval tv{static_cast<time_t>(settings.timeout_ms / 1000),
                   static_cast<suseconds_t>((settings.timeout_ms % 1000) * 1000)};
  setsockopt(sock.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(sock.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

  static constexpr char kCommand[] = "zINSTREAM";
  send_all(sock.fd(), kCommand, sizeof kCommand);  // with its terminating NUL ("z" form)
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::array<char, 64 * 1024> chunk{};
  for (;;) {
    in.read(chunk.data(), chunk.size());
    const auto n = static_cast<uint32_t>(in.gcount());
    if (n == 0) break;
    const uint32_t length = htonl(n);
    send_all(sock.fd(), reinterpret_cast<const char*>(&length), sizeof length);
    send_all(sock.fd(), chunk.data(), n);
  }
  const uint32_t end = 0;
  send_all(sock.fd(), reinterpret_cast<const char*>(&end), sizeof end);

  std::string reply;
  char buf[512];
  for (;;) {
    ssize_t n = recv(sock.fd(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buf, static_cast<size_t>(n));
    if (reply.find('\0') != std::string::npos || reply.size() > 4096) break;
  }
  if (const size_t nul = reply.find('\0'); nul != std::string::npos) reply.resize(nul);
  while (!reply.empty() && (reply.back() == '\n' || reply.back() == ' ')) reply.pop_back();
  // "stream: OK" | "stream: Eicar-Test-Signature FOUND" | "INSTREAM size limit exceeded. ERROR"
  constexpr std::string_view kFound = " FOUND";
  if (reply == "stream: OK") return std::nullopt;
  if (reply.size() > kFound.size() && reply.compare(reply.size() - kFound.size(), kFound.size(), kFound) == 0) {
    std::string signature = reply.substr(0, reply.size() - kFound.size());
    if (signature.rfind("stream: ", 0) == 0) signature = signature.substr(8);
    return signature;
  }
  throw ScanUnavailable("clamd gave no verdict: " + (reply.empty() ? std::string("(no answer)") : reply));
}

}  // namespace cw::vault
