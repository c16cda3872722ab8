#pragma once
// Test support: response bodies of the cloud-custodian VCR cassettes in
// testdata/azure/cloud-custodian-vcr-cassettes (../shared's, and a few kept in server/tests/testdata).
// The cassettes keep most bodies as parsed JSON ({"body": {"data": …}}) and a few as the raw string
// ({"body": {"string": "…"}}); either way the result is the body ARM sent, re-serialised when it
// was stored parsed.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

#include "core/testdata.hpp"

namespace cw::providers::azure::testing {

inline nlohmann::json cassette_interaction(const std::string& cassette, size_t index) {
  auto c =
      nlohmann::json::parse(cw::testing::read_testdata("azure/cloud-custodian-vcr-cassettes/" + cassette + ".json"));
  return c.at("interactions").at(index);
}

inline std::string interaction_body(const nlohmann::json& interaction, const std::string& cassette, size_t index) {
  const auto& body = interaction.at("response").at("body");
  if (body.contains("data")) return body["data"].dump();
  if (body.contains("string") && body["string"].is_string()) return body["string"].get<std::string>();
  throw std::runtime_error("cassette " + cassette + " has no body at " + std::to_string(index));
}

inline std::string recorded_body(const std::string& cassette, size_t index) {
  return interaction_body(cassette_interaction(cassette, index), cassette, index);
}

/// The same for a cassette kept in the project's own testdata
/// (server/tests/testdata/azure/cloud-custodian-vcr-cassettes).
inline std::string project_recorded_body(const std::string& cassette, size_t index) {
  auto c = nlohmann::json::parse(
      cw::testing::read_project_testdata("azure/cloud-custodian-vcr-cassettes/" + cassette + ".json"));
  return interaction_body(c.at("interactions").at(index), cassette, index);
}

/// The response body of an Azure/azure-rest-api-specs example ({"parameters", "responses"}).
inline std::string example_response_body(const std::string& example_text, const char* status = "200") {
  return nlohmann::json::parse(example_text).at("responses").at(status).at("body").dump();
}

inline std::string specs_example_body(const std::string& file, const char* status = "200") {
  return example_response_body(cw::testing::read_testdata("azure/azure-rest-api-specs-examples/" + file), status);
}

/// An azure-rest-api-specs example kept in the project's own testdata (server/tests/testdata/azure).
inline std::string project_specs_example_body(const std::string& file, const char* status = "200") {
  return example_response_body(cw::testing::read_project_testdata("azure/" + file), status);
}

}  // namespace cw::providers::azure::testing
