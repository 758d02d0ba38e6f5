-- Drives dlpmilter over its socket with miltertest and checks each action at protocol level.
-- The milter must run with the test-only trigger inspector (tests/milter/trigger_inspector.py).
-- Usage: DLP_MILTER_SOCKET=unix:/path/to/sock [DLP_QUARANTINE_MODE=hold] miltertest -s actions.lua
-- (This miltertest cannot read the text of a reply code; the Postfix tests check 550 5.7.1 and
-- 451 4.7.1 end to end.)

local sock = os.getenv("DLP_MILTER_SOCKET")
assert(sock, "set DLP_MILTER_SOCKET")
local passed, failed = 0, 0

local function session(subject, body, rcpts)
  local conn = mt.connect(sock, 5, 1)
  assert(conn, "cannot connect to " .. sock)
  assert(mt.negotiate(conn, nil, nil, nil) == nil, "negotiate failed")
  if not mt.test_option(conn, SMFIP_NOCONNECT) then
    assert(mt.conninfo(conn, "localhost", "127.0.0.1") == nil)
  end
  mt.macro(conn, SMFIC_MAIL, "i", "ABC123", "{auth_authen}", "tester")
  assert(mt.mailfrom(conn, "<sender@corp.test>") == nil)
  for _, r in ipairs(rcpts) do
    mt.macro(conn, SMFIC_RCPT, "{rcpt_mailer}", "smtp")
    assert(mt.rcptto(conn, r) == nil)
  end
  assert(mt.header(conn, "From", "sender@corp.test") == nil)
  assert(mt.header(conn, "To", rcpts[1]) == nil)
  assert(mt.header(conn, "Subject", subject) == nil)
  assert(mt.eoh(conn) == nil)
  assert(mt.bodystring(conn, body .. "\r\n") == nil)
  assert(mt.eom(conn) == nil)
  return conn
end

local function case(name, fn)
  local ok, err = pcall(fn)
  if ok then passed = passed + 1 else failed = failed + 1; print("FAIL " .. name .. ": " .. tostring(err)) end
end

case("clean mail is accepted unchanged", function()
  local conn = session("hello", "nothing to see", {"<alice@example.com>"})
  assert(mt.getreply(conn) == SMFIR_ACCEPT, "expected ACCEPT")
  assert(not mt.eom_check(conn, MT_HDRADD, "X-DLP-Route"), "unexpected header")
  mt.disconnect(conn)
end)

case("block rejects with 550 5.7.1 and a reference", function()
  local conn = session("card", "BLOCKME", {"<alice@example.com>"})
  assert(mt.getreply(conn) == SMFIR_REPLYCODE, "expected a reply code")
  mt.disconnect(conn)
end)

case("encrypt adds the TLS route header", function()
  local conn = session("phi", "ENCRYPTME", {"<alice@example.com>"})
  assert(mt.getreply(conn) == SMFIR_ACCEPT, "expected ACCEPT")
  assert(mt.eom_check(conn, MT_HDRADD, "X-DLP-Route", "tls"), "no X-DLP-Route: tls")
  mt.disconnect(conn)
end)

case("portal swaps the recipients and signs the original ones", function()
  local conn = session("phi", "PORTALME", {"<alice@example.com>", "<bob@example.org>"})
  assert(mt.getreply(conn) == SMFIR_ACCEPT, "expected ACCEPT")
  assert(mt.eom_check(conn, MT_RCPTDELETE, "<alice@example.com>"), "alice not deleted")
  assert(mt.eom_check(conn, MT_RCPTDELETE, "<bob@example.org>"), "bob not deleted")
  assert(mt.eom_check(conn, MT_RCPTADD, "<dlp-portal@portal.test>"), "portal not added")
  assert(mt.eom_check(conn, MT_HDRADD, "X-DLP-Portal-Recipients"), "no portal header")
  mt.disconnect(conn)
end)

case("tag prefixes the subject", function()
  local conn = session("results", "TAGME", {"<alice@example.com>"})
  assert(mt.getreply(conn) == SMFIR_ACCEPT, "expected ACCEPT")
  assert(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "[SECURE] results"), "subject not tagged")
  mt.disconnect(conn)
end)

if os.getenv("DLP_QUARANTINE_MODE") == "hold" then
  case("quarantine (hold mode) asks the MTA to hold, then accepts", function()
    local conn = session("list", "QUARANTINEME", {"<alice@example.com>"})
    assert(mt.getreply(conn) == SMFIR_ACCEPT, "expected ACCEPT")
    assert(mt.eom_check(conn, MT_QUARANTINE), "no quarantine request")
    mt.disconnect(conn)
  end)
else
  case("quarantine (store mode) discards after storing", function()
    local conn = session("list", "QUARANTINEME", {"<alice@example.com>"})
    assert(mt.getreply(conn) == SMFIR_DISCARD, "expected DISCARD")
    mt.disconnect(conn)
  end)
end

case("an inspection crash tempfails", function()
  local conn = session("x", "CRASHME", {"<alice@example.com>"})
  assert(mt.getreply(conn) == SMFIR_REPLYCODE, "expected a reply code")
  mt.disconnect(conn)
end)

case("two messages on one connection are decided independently", function()
  local conn = session("first", "BLOCKME", {"<alice@example.com>"})
  assert(mt.getreply(conn) == SMFIR_REPLYCODE, "first: expected reject")
  assert(mt.mailfrom(conn, "<sender@corp.test>") == nil)
  assert(mt.rcptto(conn, "<carol@example.net>") == nil)
  assert(mt.header(conn, "Subject", "second") == nil)
  assert(mt.eoh(conn) == nil)
  assert(mt.bodystring(conn, "clean\r\n") == nil)
  assert(mt.eom(conn) == nil)
  assert(mt.getreply(conn) == SMFIR_ACCEPT, "second: expected ACCEPT")
  mt.disconnect(conn)
end)

print(passed .. " passed, " .. failed .. " failed")
if failed > 0 then os.exit(1) end
