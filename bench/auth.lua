-- wrk script: every request carries the access token from the TOKEN environment variable.
local token = os.getenv("TOKEN") or ""
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token
