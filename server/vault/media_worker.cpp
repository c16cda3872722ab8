#include "vault/media_worker.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/json_parse.hpp"

namespace cw::vault {

nlohmann::json run_media_worker(const MediaWorkerSettings& settings, const std::filesystem::path& in,
                                const std::filesystem::path& out) {
  const std::string program = settings.program.string();
  const std::string max_pixels = std::to_string(settings.limits.max_pixels);
  const std::string size = std::to_string(settings.limits.thumbnail_size);
  std::vector<const char*> argv = {program.c_str(),    "vault-media", in.c_str(),   out.c_str(), "--max-pixels",
                                   max_pixels.c_str(), "--size",      size.c_str(), nullptr};
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw MediaWorkerFailed("pipe failed");
  const rlim_t memory = static_cast<rlim_t>(settings.memory_bytes);
  const pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    throw MediaWorkerFailed("fork failed");
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    dup2(pipe_fds[1], STDOUT_FILENO);
    const rlimit as{memory, memory};
    setrlimit(RLIMIT_AS, &as);
    execv(argv[0], const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  close(pipe_fds[1]);

  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings.timeout_ms);
  bool timed_out = false;
  char buf[4096];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000))) < 0 && errno != EINTR) break;
    if (!(p.revents & (POLLIN | POLLHUP))) continue;
    const ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;  // EOF: the child is done (or dead)
    if (output.size() < 1'000'000) output.append(buf, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (timed_out)
    throw MediaWorkerFailed("the media worker took longer than " + std::to_string(settings.timeout_ms / 1000) +
                            " s and was stopped");
  if (WIFSIGNALED(status))
    throw MediaWorkerFailed("the media worker died of signal " + std::to_string(WTERMSIG(status)) +
                            " (out of memory or a crash)");
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 0 || code == 3) {
    nlohmann::json result = parse_untrusted_json(output);
    if (result.is_object()) return result;
  }
  throw MediaWorkerFailed("the media worker failed (exit " + std::to_string(code) + ")");
}

}  // namespace cw::vault
