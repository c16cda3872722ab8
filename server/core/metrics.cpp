#include "core/metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace cw {

namespace {
const std::vector<double> kDefaultBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string with_le(const std::string& labels, const std::string& le) {
  if (labels.empty()) return "{le=\"" + le + "\"}";
  return labels.substr(0, labels.size() - 1) + ",le=\"" + le + "\"}";
}
}  // namespace

std::string MetricsRegistry::render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
  }
  return out + "}";
}

void MetricsRegistry::increment(const std::string& name, const Labels& labels, double by) {
  std::string key = render_labels(labels);
  std::lock_guard lock(mutex_);
  families_[name].counters[key] += by;
}

void MetricsRegistry::observe(const std::string& name, const Labels& labels, double value) {
  std::string key = render_labels(labels);
  std::lock_guard lock(mutex_);
  Family& f = families_[name];
  f.type = "histogram";
  Histogram& h = f.histograms[key];
  if (h.bounds.empty()) {
    h.bounds = f.bounds.empty() ? kDefaultBuckets : f.bounds;
    h.counts.assign(h.bounds.size(), 0);
  }
  auto it = std::lower_bound(h.bounds.begin(), h.bounds.end(), value);
  if (it != h.bounds.end()) h.counts[static_cast<size_t>(it - h.bounds.begin())]++;
  h.sum += value;
  h.count++;
}

void MetricsRegistry::gauge(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  Family& f = families_[name];
  f.type = "gauge";
  f.help = help;
  f.read = std::move(read);
}

void MetricsRegistry::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mutex_);
  families_[name].type = type;
  families_[name].help = help;
}

void MetricsRegistry::buckets(const std::string& name, std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  families_[name].bounds = std::move(bounds);
}

std::string MetricsRegistry::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out << "# HELP " << name << ' ' << f.help << '\n';
    out << "# TYPE " << name << ' ' << f.type << '\n';
    if (f.read) out << name << ' ' << number(f.read()) << '\n';
    for (const auto& [labels, v] : f.counters) out << name << labels << ' ' << number(v) << '\n';
    for (const auto& [labels, h] : f.histograms) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < h.bounds.size(); ++i) {
        cumulative += h.counts[i];
        out << name << "_bucket" << with_le(labels, number(h.bounds[i])) << ' ' << cumulative << '\n';
      }
      out << name << "_bucket" << with_le(labels, "+Inf") << ' ' << h.count << '\n';
      out << name << "_sum" << labels << ' ' << number(h.sum) << '\n';
      out << name << "_count" << labels << ' ' << h.count << '\n';
    }
  }
  return out.str();
}

double process_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;
  }
  return 0;
}

}  // namespace cw
