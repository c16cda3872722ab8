#pragma once
/// A small Prometheus registry: labelled counters, histograms and gauges read at scrape time.
/// Owned by the app and passed by reference; rendering is the text exposition format 0.0.4.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cw {

using Labels = std::vector<std::pair<std::string, std::string>>;

class MetricsRegistry {
 public:
  void increment(const std::string& name, const Labels& labels, double by = 1.0);
  void observe(const std::string& name, const Labels& labels, double value);
  /// A gauge whose value is computed when /metrics is scraped.
  void gauge(const std::string& name, const std::string& help, std::function<double()> read);
  void describe(const std::string& name, const std::string& type, const std::string& help);
  /// Histogram bucket bounds for a name (seconds); set before the first observe.
  void buckets(const std::string& name, std::vector<double> bounds);

  std::string render() const;

 private:
  struct Histogram {
    std::vector<double> bounds;
    std::vector<uint64_t> counts;  // cumulative at render time only
    double sum = 0;
    uint64_t count = 0;
  };
  struct Family {
    std::string type = "counter";
    std::string help;
    std::map<std::string, double> counters;       // rendered labels → value
    std::map<std::string, Histogram> histograms;  // rendered labels → histogram
    std::vector<double> bounds;
    std::function<double()> read;
  };
  static std::string render_labels(const Labels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

/// Resident set size of this process in bytes (from /proc/self/status).
double process_rss_bytes();

}  // namespace cw
