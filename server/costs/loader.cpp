#include "costs/loader.hpp"

namespace cw::costs {

namespace {
constexpr size_t kBatchRows = 1000;
}

PeriodLoader::PeriodLoader(CostRepository& repo, std::string organization_id, std::string account_id,
                           std::string load_id)
    : repo_(repo),
      organization_id_(std::move(organization_id)),
      account_id_(std::move(account_id)),
      load_id_(std::move(load_id)) {
  repo_.delete_load_rows(load_id_);  // a retried job starts clean
}

PeriodLoader::~PeriodLoader() {
  if (!done_) discard();
}

void PeriodLoader::add(FocusRow row) {
  row.organization_id = organization_id_;
  row.account_id = account_id_;
  row.load_id = load_id_;
  periods_.insert(row.billing_period_start);
  days_.include(utc_day(row.charge_period_start));
  days_.include(last_charge_day(row));
  batch_.push_back(std::move(row));
  ++rows_;
  if (batch_.size() >= kBatchRows) flush();
}

void PeriodLoader::flush() {
  if (batch_.empty()) return;
  repo_.atomically([&] { repo_.insert_rows(batch_); });
  batch_.clear();
}

void PeriodLoader::commit(std::set<Millis> periods, const std::function<void()>& also) {
  flush();
  periods.insert(periods_.begin(), periods_.end());
  std::vector<Millis> starts(periods.begin(), periods.end());
  repo_.atomically([&] {
    DayRange days = days_;
    days.include(repo_.live_days(account_id_, starts));
    repo_.make_live(account_id_, starts, load_id_);
    repo_.rebuild_rollups(account_id_, days);
    if (also) also();
  });
  done_ = true;
  // The replaced rows count for nothing any more; deleting them can wait (and be retried by the
  // next load of the account if this fails).
  try {
    repo_.purge_dead_loads(account_id_);
  } catch (const std::exception&) {}
}

void PeriodLoader::discard() noexcept {
  done_ = true;
  batch_.clear();
  try {
    repo_.delete_load_rows(load_id_);
  } catch (...) {
    // The rows stay invisible (their load never went live); a retry of the load deletes them first.
  }
}

}  // namespace cw::costs
