#pragma once
/// Loads cost rows for some billing periods of one account: rows are written in short batches
/// (bounded memory, no long write lock) while they count for nothing, then commit(), in one small
/// transaction, makes this load the live one for those periods (and the loads it replaces dead)
/// and rebuilds the rollups of every day either touched; the replaced rows are deleted
/// afterwards, day by day. Re-loading a period therefore replaces it (no double counting), and a
/// load that fails or is abandoned before commit() changes nothing (its rows are deleted).
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "costs/repository.hpp"

namespace cw::costs {

class PeriodLoader {
 public:
  PeriodLoader(CostRepository& repo, std::string organization_id, std::string account_id, std::string load_id);
  ~PeriodLoader();
  PeriodLoader(const PeriodLoader&) = delete;
  PeriodLoader& operator=(const PeriodLoader&) = delete;

  /// Stages a row (its organization, account and load are set here).
  void add(FocusRow row);
  /// Makes the rows added live for `periods` (billing period starts; those of the rows added are
  /// always included). `also` runs in the same transaction (the import's final state).
  void commit(std::set<Millis> periods = {}, const std::function<void()>& also = {});
  /// Drops what was added.
  void discard() noexcept;

  long long rows() const { return rows_; }
  const std::set<Millis>& periods() const { return periods_; }

 private:
  void flush();
  CostRepository& repo_;
  std::string organization_id_, account_id_, load_id_;
  std::vector<FocusRow> batch_;
  std::set<Millis> periods_;
  DayRange days_;
  long long rows_ = 0;
  bool done_ = false;
};

}  // namespace cw::costs
