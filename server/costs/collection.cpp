#include "costs/collection.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "costs/cost_lines.hpp"
#include "costs/loader.hpp"

namespace cw::costs {

namespace {
constexpr Millis kDayMs = 86'400'000;
}

std::string CollectionService::enqueue(const std::string& organization_id, const std::string& account_id) {
  jobs::EnqueueOptions options;
  options.organization_id = organization_id;
  options.dedupe_key = std::string(kCollectJob) + ":" + account_id;
  options.max_attempts = 3;
  std::string job_id;
  repo_.atomically([&] {
    job_id = queue_.enqueue(kCollectJob, {{"accountId", account_id}}, options);
    CostCollection c = repo_.find_collection(account_id).value_or(CostCollection{});
    c.account_id = account_id;
    c.organization_id = organization_id;
    c.state = "queued";
    // Not due again until the interval passes, whatever this run does.
    c.next_run_at = clock_.now_ms() + settings_.interval_ms;
    c.updated_at = clock_.now_ms();
    repo_.save_collection(c);
  });
  return job_id;
}

int CollectionService::enqueue_due() {
  const Millis now = clock_.now_ms();
  auto schedule = repo_.collection_schedule();
  int n = 0;
  for (const auto& [organization_id, account_id] : accounts_.all_account_ids()) {
    auto it = schedule.find(account_id);
    if (it != schedule.end() && it->second > now) continue;
    // Not before the account's first sync has ended: its resources are known then (so cost rows
    // link to them), and a new account's sync does not share the workers with its history.
    auto account = accounts_.find_any(account_id);
    if (!account || account->status == "pending") continue;
    enqueue(organization_id, account_id);
    ++n;
  }
  return n;
}

std::string CollectionService::request(const Principal& actor, const std::string& account_id) {
  accounts_.get(actor, account_id);  // 404 for another organization's account
  return enqueue(actor.organization_id, account_id);
}

nlohmann::json CollectionService::collect(const jobs::Job& job, jobs::JobContext& context) {
  auto account = accounts_.find_any(job.payload.value("accountId", ""));
  if (!account) return {{"skipped", "account removed"}};
  const Millis now = clock_.now_ms();
  CostCollection c = repo_.find_collection(account->id).value_or(CostCollection{});
  c.account_id = account->id;
  c.organization_id = account->organization_id;
  if (c.next_run_at <= now) c.next_run_at = now + settings_.interval_ms;
  auto record = [&](const std::string& state, const std::string& error) {
    c.state = state;
    c.error = error;
    c.last_run_at = clock_.now_ms();
    c.updated_at = clock_.now_ms();
    repo_.save_collection(c);
  };

  auto provider = gateway_.open(*account);
  providers::CostSource* source = nullptr;
  try {
    source = &providers::require(provider->cost_source(), *provider, "cost data");
  } catch (const providers::UnsupportedOperation& e) {
    std::string hint;
    if (account->provider == "gcp")
      hint =
          " Cost data for GCP comes from the Cloud Billing export to BigQuery: set the account's "
          "settings.billingExportTable (PATCH /providers/{id} {\"billingExportTable\": "
          "\"project.dataset.gcp_billing_export_v1_…\"}) and give its service account bigquery.jobs.create and read "
          "access to the dataset, or import the export (POST /costs/imports?format=gcp) instead.";
    else if (account->provider == "aws")
      hint = " The account is limited to services that leave out Cost Explorer (\"ce\"); add it to collect costs.";
    record("unsupported", std::string(e.what()) + "." + hint);
    return {{"state", "unsupported"}, {"error", c.error}};
  }

  // First collection: 13 months (this one and 12 before); afterwards the previous and current
  // month, which late charges and credits still change.
  const Millis today = now - now % kDayMs;
  Millis month = month_start(today);
  const int months = c.collected_from.empty() ? settings_.history_months : 2;
  for (int i = 1; i < months; ++i) month = month_start(month - kDayMs);
  const Millis start = month;
  const LineAccount line_account{account->id, account->name, account->provider};
  long long rows = 0;
  try {
    for (int i = 0; i < months; ++i, month = next_month_start(month)) {
      const Millis last = std::min(next_month_start(month) - kDayMs, today);
      PeriodLoader loader(repo_, account->organization_id, account->id, new_id("ccl"));
      for (const auto& line : source->costs(utc_day(month), utc_day(last))) loader.add(focus_row(line, line_account));
      loader.commit({month});
      rows += loader.rows();
      context.progress(i + 1, months, "collected " + utc_day(month).substr(0, 7));
    }
  } catch (const providers::ProviderError& e) {
    record("failed", std::string(e.code()) + ": " + e.what());
    throw;
  }
  if (c.collected_from.empty()) c.collected_from = utc_day(start);
  c.rows = repo_.count_rows(account->organization_id, account->id);
  record("succeeded", "");
  return {{"state", "succeeded"}, {"rows", rows}, {"months", months}};
}

}  // namespace cw::costs
