#include "costs/imports.hpp"

#include <fstream>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "costs/csv_reader.hpp"
#include "costs/cost_formats.hpp"
#include "costs/focus_format.hpp"
#include "costs/loader.hpp"

namespace cw::costs {

namespace {
constexpr long long kProgressEvery = 5000;

bool is_parquet(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string(magic, 4) == "PAR1";
}

/// Reads the whole file once. `on_row` gets each valid row; problems stop at `max_problems`.
struct Scan {
  long long rows = 0;
  std::vector<ImportProblem> problems;
  std::vector<std::string> warnings;
};

Scan scan(const std::filesystem::path& path, const std::string& format, const std::string& currency,
          size_t max_problems, const std::function<void(FocusRow&, long long rows)>& on_row) {
  Scan out;
  if (is_parquet(path)) {
    out.problems.push_back({0, "",
                            "the file is Parquet, which CloudWeave cannot read yet: export the data as CSV "
                            "(.csv or .csv.gz)"});
    return out;
  }
  try {
    CompressedFile file(path.string());
    CsvReader csv(file);
    std::vector<std::string> fields;
    if (!csv.next(fields)) {
      out.problems.push_back({0, "", "the file is empty"});
      return out;
    }
    auto layout = make_row_layout(format, fields, currency);
    out.problems = layout->header_problems();
    out.warnings = layout->warnings();
    FocusRow row;
    while (out.problems.size() < max_problems) {
      if (!out.problems.empty() && out.problems.front().row == 1) break;  // a bad header: rows would all fail
      if (!csv.next(fields)) break;
      ++out.rows;
      if (layout->parse(fields, csv.line(), row, out.problems, max_problems) && out.problems.empty())
        on_row(row, out.rows);
    }
    if (out.problems.empty() && out.rows == 0)
      out.problems.push_back({0, "", "the file has a header but no cost rows"});
  } catch (const CsvError& e) {
    if (out.problems.size() < max_problems) out.problems.push_back({e.line(), "", e.what()});
  } catch (const jobs::JobCancelled&) {
    throw;
  } catch (const std::runtime_error& e) {  // unreadable or damaged (truncated gzip)
    if (out.problems.size() < max_problems) out.problems.push_back({0, "", e.what()});
  }
  return out;
}
}  // namespace

ImportService::ImportService(CostRepository& repo, accounts::AccountService& accounts, jobs::JobQueue& queue,
                             const Clock& clock, ImportSettings settings)
    : repo_(repo), accounts_(accounts), queue_(queue), clock_(clock), settings_(std::move(settings)) {}

void ImportService::check_format(const std::string& format) const {
  if (format == "parquet")
    throw field_error("format",
                      "Parquet files are not supported yet (no Debian-packaged Parquet reader): export "
                      "the data as CSV (.csv or .csv.gz) and import it with format=focus");
  if (std::find_if(std::begin(kCostFormats), std::end(kCostFormats), [&](const char* f) { return format == f; }) ==
      std::end(kCostFormats))
    throw field_error("format", "must be one of: focus, aws-cur, aws-cur2, azure, gcp, oci");
}

void ImportService::check(const Principal& actor, const std::string& format, const std::string& account_id) {
  check_format(format);
  if (account_id.empty()) throw field_error("providerId", "is required: the cloud account the costs belong to");
  accounts_.get(actor, account_id);  // 404 for another organization's account
}

void ImportService::remove_leftover_parts() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(settings_.directory / "parts", ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("upload-", 0) == 0 && entry.path().extension() == ".part") std::filesystem::remove(entry.path(), ec);
  }
}

std::filesystem::path ImportService::file_of(const std::string& import_id) const {
  return settings_.directory / (import_id + ".upload");
}

CostImport ImportService::start(const Principal& actor, const std::string& format, const std::string& account_id,
                                const std::string& currency, std::uint64_t bytes,
                                const std::function<void(const std::filesystem::path&)>& keep) {
  CostImport imp;
  imp.id = new_id("imp");
  imp.organization_id = actor.organization_id;
  imp.account_id = account_id;
  imp.format = format;
  imp.file_name = "upload";
  imp.file_bytes = static_cast<long long>(bytes);
  imp.created_by = actor.user_id.empty() ? actor.api_key_id : actor.user_id;
  imp.created_at = imp.updated_at = clock_.now_ms();
  std::filesystem::create_directories(settings_.directory);
  const auto path = file_of(imp.id);
  keep(path);
  try {
    repo_.atomically([&] {
      jobs::EnqueueOptions options;
      options.organization_id = actor.organization_id;
      options.max_attempts = 3;
      imp.job_id = queue_.enqueue(kImportJob, {{"importId", imp.id}, {"currency", currency}}, options);
      repo_.insert_import(imp);
    });
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw;
  }
  return imp;
}

CostImport ImportService::get(const Principal& actor, const std::string& id) {
  auto imp = repo_.find_import(actor.organization_id, id);
  if (!imp) throw not_found("cost import");
  return *imp;
}

void ImportService::finish(CostImport& imp, const std::string& state) {
  imp.state = state;
  imp.updated_at = clock_.now_ms();
  if (state == "succeeded" || state == "failed") imp.finished_at = imp.updated_at;
  repo_.update_import(imp);
}

nlohmann::json ImportService::run(const jobs::Job& job, jobs::JobContext& context) {
  auto found = repo_.find_import_any(job.payload.value("importId", ""));
  if (!found) return {{"skipped", "import removed"}};
  CostImport imp = *found;
  if (imp.state == "succeeded" || imp.state == "failed") return {{"state", imp.state}};
  return execute(
      imp, job.payload.value("currency", "USD"),
      [&](long long done, long long total, const std::string& message) { context.progress(done, total, message); });
}

CostImport ImportService::import_file(const std::string& account_id, const std::string& format,
                                      const std::string& currency, const std::filesystem::path& file,
                                      const Progress& progress) {
  check_format(format);
  auto account = accounts_.find_any(account_id);
  if (!account) throw not_found("cloud account");
  CostImport imp;
  imp.id = new_id("imp");
  imp.organization_id = account->organization_id;
  imp.account_id = account->id;
  imp.format = format;
  imp.file_name = file.filename().string();
  imp.file_bytes = static_cast<long long>(std::filesystem::file_size(file));
  imp.created_by = "cli";
  imp.created_at = imp.updated_at = clock_.now_ms();
  std::filesystem::create_directories(settings_.directory);
  std::filesystem::copy_file(file, file_of(imp.id), std::filesystem::copy_options::overwrite_existing);
  repo_.insert_import(imp);
  execute(imp, currency, progress);
  return imp;
}

nlohmann::json ImportService::execute(CostImport& imp, const std::string& currency, const Progress& progress) {
  const auto path = file_of(imp.id);
  struct RemoveFile {
    std::filesystem::path path;
    ~RemoveFile() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  };
  auto fail = [&](std::vector<ImportProblem> problems) {
    imp.errors = std::move(problems);
    finish(imp, "failed");
    return nlohmann::json{{"state", "failed"}, {"errors", imp.errors.size()}};
  };
  RemoveFile done{path};  // whatever happens, the upload goes (a retry of a half-run job says so)
  auto account = accounts_.find_any(imp.account_id);
  if (!account) return fail({{0, "", "the cloud account was removed"}});
  if (!std::filesystem::exists(path))
    return fail({{0, "", "the uploaded file is not on this server any more; upload it again"}});

  // Pass 1: validate everything before writing anything.
  finish(imp, "validating");
  Scan checked = scan(path, imp.format, currency, settings_.max_problems, [&](FocusRow&, long long rows) {
    if (rows % kProgressEvery == 0) progress(rows, 0, std::to_string(rows) + " rows checked");
  });
  imp.warnings = checked.warnings;
  if (!checked.problems.empty()) return fail(std::move(checked.problems));

  // Pass 2: load, replacing the file's billing periods for the account.
  finish(imp, "importing");
  try {
    PeriodLoader loader(repo_, imp.organization_id, imp.account_id, imp.id);
    Scan loaded = scan(path, imp.format, currency, 1, [&](FocusRow& row, long long rows) {
      std::string kind = provider_kind(row.provider_name);
      row.provider = kind.empty() ? account->provider : kind;
      loader.add(row);
      if (rows % kProgressEvery == 0)
        progress(rows, checked.rows, std::to_string(rows) + " of " + std::to_string(checked.rows) + " rows");
    });
    if (!loaded.problems.empty() || loaded.rows != checked.rows)
      return fail({{0, "", "the file changed while it was imported"}});
    loader.commit({}, [&] {
      imp.rows = loader.rows();
      imp.periods.clear();
      for (Millis p : loader.periods()) imp.periods.push_back(utc_day(p));
      finish(imp, "succeeded");
    });
  } catch (const jobs::JobCancelled&) {
    fail({{0, "", "the import was cancelled"}});
    throw;
  } catch (const std::exception& e) {
    // Nothing was swapped in; say so rather than leave the import "importing" forever.
    log::error("cost import failed while writing", {{"importId", imp.id}, {"error", e.what()}});
    return fail({{0, "", "the rows could not be written (a server error, logged); nothing was imported"}});
  }
  return {{"state", "succeeded"}, {"rows", imp.rows}, {"periods", imp.periods}};
}

}  // namespace cw::costs
