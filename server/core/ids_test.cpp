#include "core/ids.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cw {
namespace {

TEST(Ids, HavePrefixAndAreUnique) {
  std::string a = new_id("usr"), b = new_id("usr");
  EXPECT_EQ(a.rfind("usr_", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 26u);
  EXPECT_LT(a.substr(0, 14), new_id("usr").substr(0, 14) + "~") << "time-ordered prefix";
  EXPECT_NE(a, b);
}

TEST(Ids, StayUniqueAcrossPoolRefillsAndThreads) {
  // Each thread draws from its own pool of 400 ids' worth of random bytes: many refills, two
  // threads at once, no repeat.
  std::vector<std::string> first, second;
  std::thread other([&] {
    for (int i = 0; i < 5000; ++i) second.push_back(new_id("res"));
  });
  for (int i = 0; i < 5000; ++i) first.push_back(new_id("res"));
  other.join();
  std::set<std::string> all(first.begin(), first.end());
  all.insert(second.begin(), second.end());
  EXPECT_EQ(all.size(), 10000u);
}

TEST(Ids, AForkedChildDoesNotRepeatItsParentsIds) {
  new_id("res");  // the pool now holds bytes the parent has not used yet
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  if (child == 0) {
    std::string id = new_id("res");
    ssize_t written = write(pipe_fds[1], id.data(), id.size());
    _exit(written == static_cast<ssize_t>(id.size()) ? 0 : 1);
  }
  close(pipe_fds[1]);
  std::string parent_id = new_id("res");
  char buffer[64] = {0};
  ssize_t got = read(pipe_fds[0], buffer, sizeof buffer);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_EQ(status, 0);
  ASSERT_EQ(got, static_cast<ssize_t>(parent_id.size()));
  // Without the fork hook both would take the same next bytes of the inherited pool.
  EXPECT_NE(std::string(buffer, static_cast<size_t>(got)).substr(14), parent_id.substr(14));
}

}  // namespace
}  // namespace cw
