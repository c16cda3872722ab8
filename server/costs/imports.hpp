#pragma once
/// File imports: the upload is kept as a file under the data directory, then a durable job
/// (costs.import) reads it twice in bounded memory — first to validate every row (the first 100
/// problems are recorded with line, column and reason, and nothing is imported), then to load
/// the rows through a PeriodLoader, which replaces the billing periods the file holds for that
/// account. FOCUS only for now; the other formats the API names answer a clear 400.
#include <filesystem>
#include <functional>
#include <string>

#include "accounts/service.hpp"
#include "core/principal.hpp"
#include "costs/repository.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_runner.hpp"

namespace cw::costs {

struct ImportSettings {
  std::filesystem::path directory;               // where uploads wait for their job
  std::uint64_t max_upload_bytes = 10ULL << 30;  // 10 GiB
  size_t max_problems = 100;
};

class ImportService {
 public:
  ImportService(CostRepository& repo, accounts::AccountService& accounts, jobs::JobQueue& queue, const Clock& clock,
                ImportSettings settings);

  /// Before a byte of the body is read: the format is one we import and the account is the
  /// caller's (else 400 / 404).
  void check(const Principal& actor, const std::string& format, const std::string& account_id);
  /// Takes the uploaded file (`keep` moves it to the path given), records the import and queues
  /// its job, in one transaction.
  CostImport start(const Principal& actor, const std::string& format, const std::string& account_id,
                   const std::string& currency, std::uint64_t bytes,
                   const std::function<void(const std::filesystem::path&)>& keep);
  CostImport get(const Principal& actor, const std::string& id);
  /// The job: validate, then load. Returns the job's result.
  nlohmann::json run(const jobs::Job& job, jobs::JobContext& context);
  /// The CLI (`cloudweave costs import`): imports a local file into any account, here and now
  /// (the file is copied, never moved); the import as it ended.
  using Progress = std::function<void(long long done, long long total, const std::string& message)>;
  CostImport import_file(const std::string& account_id, const std::string& format, const std::string& currency,
                         const std::filesystem::path& file, const Progress& progress);
  const ImportSettings& settings() const { return settings_; }
  /// Removes upload parts a crash left behind (called once at start, like the vault does).
  void remove_leftover_parts();

  static constexpr const char* kImportJob = "costs.import";

 private:
  std::filesystem::path file_of(const std::string& import_id) const;
  void check_format(const std::string& format) const;
  /// Validates then loads the import's file (removed afterwards); the job's result.
  nlohmann::json execute(CostImport& import, const std::string& currency, const Progress& progress);
  void finish(CostImport& import, const std::string& state);
  CostRepository& repo_;
  accounts::AccountService& accounts_;
  jobs::JobQueue& queue_;
  const Clock& clock_;
  ImportSettings settings_;
};

}  // namespace cw::costs
