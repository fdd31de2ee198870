-- POST /hub/api/users/{name}/activity with the admin service token, cycling through the seeded
-- users. Each request carries a later timestamp than the one before, so every one is a real update.
-- wrk args: <token> <user-prefix> <user-count>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local token, prefix, count, i, started, n

function init(args)
  token, prefix, count = args[1], args[2], tonumber(args[3])
  i = math.random(count) - 1
  started = os.time()
  n = 0
end

function request()
  i = (i + 1) % count
  n = n + 1
  -- started + n microseconds, as JupyterHub's ISO format with a Z
  local stamp = os.date("!%Y-%m-%dT%H:%M:%S", started + math.floor(n / 1000000)) ..
    string.format(".%06dZ", n % 1000000)
  return wrk.format("POST", string.format("/hub/api/users/%s%05d/activity", prefix, i), {
    Authorization = "token " .. token,
    ["Content-Type"] = "application/json",
  }, string.format('{"last_activity": "%s"}', stamp))
end
