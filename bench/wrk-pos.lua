-- wrk script for bench/intake.ts: one ПОС message per request, each with a unique posId
-- (thread prefix + counter), so every request is a new registration, not a replay.
local counter = 0
local threads = 0

-- Runs in the main state once per thread: each thread gets its own prefix (a global of its state).
function setup(thread)
  threads = threads + 1
  thread:set("prefix", os.getenv("WRK_TAG") .. "-t" .. threads)
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"posId":"%s-%d","fz59":false,"category":"Дороги","text":"Нагрузочный тест: яма на проезжей части у дома %d, колёса бьются","address":{"text":"ул. Николаева, д. 12","lat":54.7818,"lon":32.0401},"applicant":{"fullName":"Тестов Тест Тестович"}}',
    prefix, counter, counter % 200)
  return wrk.format("POST", "/api/channels/pos/messages",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN") }, body)
end
