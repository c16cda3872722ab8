#include "vault/media_worker.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "core/json_parse.hpp"

namespace cw::vault {

MediaWorkers::~MediaWorkers() {
  for (auto& child : idle_) stop(child);
}

MediaWorkers::Child MediaWorkers::spawn() {
  const std::string program = settings_.program.string();
  const std::string max_pixels = std::to_string(settings_.limits.max_pixels);
  const std::string size = std::to_string(settings_.limits.thumbnail_size);
  const char* argv[] = {program.c_str(),    "vault-media", "--serve",    "--max-pixels",
                        max_pixels.c_str(), "--size",      size.c_str(), nullptr};
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) throw MediaWorkerFailed("socketpair failed");
  const rlim_t memory = static_cast<rlim_t>(settings_.memory_bytes);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw MediaWorkerFailed("fork failed");
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    dup2(fds[1], STDIN_FILENO);
    dup2(fds[1], STDOUT_FILENO);
    const rlimit as{memory, memory};
    setrlimit(RLIMIT_AS, &as);
    execv(argv[0], const_cast<char* const*>(argv));
    _exit(127);
  }
  close(fds[1]);
  return Child{pid, fds[0], 0};
}

void MediaWorkers::stop(Child& child) {
  if (child.fd >= 0) close(child.fd);  // EOF on its stdin: a healthy child exits by itself
  if (child.pid > 0) {
    kill(child.pid, SIGKILL);
    int status = 0;
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {}
  }
  child = Child{};
}

nlohmann::json MediaWorkers::run(const std::filesystem::path& in, const std::filesystem::path& out) {
  if (in.string().find_first_of("\t\n") != std::string::npos || out.string().find_first_of("\t\n") != std::string::npos)
    throw std::invalid_argument("media worker: a path holds a tab or a newline");
  const std::string request = in.string() + "\t" + out.string() + "\n";
  Child child;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      child = idle_.back();
      idle_.pop_back();
    }
  }
  if (child.pid < 0) child = spawn();

  auto fail = [&](const std::string& why) -> MediaWorkerFailed {
    int status = 0;
    if (child.pid > 0) {
      kill(child.pid, SIGKILL);
      while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {}
      child.pid = -1;
    }
    stop(child);
    std::string detail = why;
    if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
      detail += " (signal " + std::to_string(WTERMSIG(status)) + ": out of memory or a crash)";
    return MediaWorkerFailed(detail);
  };

  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = send(child.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw fail("the media worker is gone");
    sent += static_cast<size_t>(n);
  }
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.timeout_ms);
  char buf[4096];
  while (line.find('\n') == std::string::npos) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0)
      throw fail("the media worker took longer than " + std::to_string(settings_.timeout_ms) + " ms and was stopped");
    pollfd p{child.fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) throw fail("poll failed");
    if (ready <= 0) continue;
    ssize_t n = recv(child.fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw fail("the media worker died");
    line.append(buf, static_cast<size_t>(n));
    if (line.size() > 1'000'000) throw fail("the media worker's answer is too long");
  }
  nlohmann::json result = parse_untrusted_json(line.substr(0, line.find('\n')));
  if (!result.is_object() || result.contains("error"))
    throw fail("the media worker failed: " + (result.is_object() ? result.value("error", "") : std::string("?")));

  if (++child.served >= settings_.images_per_child) {
    stop(child);
  } else {
    std::lock_guard lock(mutex_);
    idle_.push_back(child);
  }
  return result;
}

}  // namespace cw::vault
