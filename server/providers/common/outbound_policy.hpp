#pragma once
/// Where CloudWeave's outbound requests (cloud APIs, later webhooks and mail) may go. An admin
/// can point an account's endpoints anywhere, so the address a request connects to is checked
/// when the socket is opened (after DNS, so a name that resolves to a forbidden address is caught
/// too):
/// - never: link-local addresses, which include every cloud's instance-metadata service
///   (169.254.0.0/16, fe80::/10, AWS's fd00:ec2::254), and unspecified/broadcast addresses;
/// - only when the operator allows it (CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE): loopback and private
///   ranges (127/8, 10/8, 172.16/12, 192.168/16, 100.64/10, ::1, fc00::/7), where emulators and
///   on-premises endpoints live but so do the operator's own internal services.
#include <sys/socket.h>

#include <string>

namespace cw::providers::common {

/// Empty when a connection to `address` is allowed; otherwise why not, naming the address.
std::string outbound_refusal(const sockaddr* address, bool allow_private);

}  // namespace cw::providers::common
