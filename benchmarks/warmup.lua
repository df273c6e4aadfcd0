-- wrk script of the warm-up command (warmup.sh): each request reads a random item by id
-- on the starter's route, among the rows the command creates (ITEMS in the environment).
local items = tonumber(os.getenv("ITEMS") or "1000")

function setup(thread)
	thread:set("seed", math.random(1, 1000000))
end

function init(args)
	math.randomseed(seed or os.time())
end

function request()
	return wrk.format("GET", "/session/items/" .. math.random(1, items))
end
