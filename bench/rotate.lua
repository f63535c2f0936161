-- wrk script: each request takes the next path of a file (one per line), round the list, so a load
-- asks many distinct URLs instead of one (bench/api.py, the distinct-pages rows of issue 18 point 2).
-- Usage: wrk -t1 -c4 -d10s -s bench/rotate.lua http://127.0.0.1:PORT -- PATHS_FILE
local paths = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end
