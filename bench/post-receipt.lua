-- wrk script: POST a valid consent decision with a fresh random visitor id each time.
local counter = 0
math.randomseed(os.time())

request = function()
  counter = counter + 1
  local key = string.format("vk_bench%08x%08x0000000000000000", math.random(0, 0x7fffffff), counter)
  local body = '{"visitor_key":"' .. key .. '","choices":{"necessary":true,"analytics":false},'
    .. '"method":"reject-all","language":"sv","revision":1}'
  return wrk.format("POST", "/api/receipts", { ["Content-Type"] = "application/json" }, body)
end
