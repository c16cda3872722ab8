#pragma once
/// The one place where a provider's refusal becomes an API error. A cloud refusing what the
/// client asked for is the client's problem, not a failed dependency: bad parameters and
/// operations the resource cannot do are 400 VALIDATION_ERROR, state conflicts (a transition in
/// progress, a name taken) 409 CONFLICT, a resource the cloud no longer has 404 NOT_FOUND.
/// Everything else — quota, capacity, throttling, refused credentials, outages — is the cloud
/// failing: 502 EXTERNAL_SERVICE_ERROR. Every class keeps `details.provider`,
/// `details.providerCode` and `details.retryable`.
#include <string>

#include "core/error.hpp"
#include "providers/provider.hpp"

namespace cw::accounts {

/// The API error class of a provider error code (AWS, Azure, Google or simulated spelling).
ErrorCode classify_provider_code(const std::string& provider_code);

/// `field` names the part of the request the provider judged (e.g. "resource", "action"); it
/// becomes `details.fields` when the refusal is a validation error.
ApiError provider_failure(const providers::ProviderError& e, const std::string& provider,
                          const std::string& field = "resource");

}  // namespace cw::accounts
