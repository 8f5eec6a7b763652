# pywikibot configuration for wikigapbot. No secrets here: the password lives in
# a BotPassword file (mode 0600, never committed) that `password_file` names.
#
# bot.py points PYWIKIBOT_DIR at $WIKIGAPBOT_WORK_DIR, else a temporary folder,
# so pywikibot's cookies, throttle file and logs stay out of the code folder;
# this file is linked there. The environment overrides both names:
#   WIKIGAPBOT_USER           the bot account (else the campaign's `account`)
#   WIKIGAPBOT_PASSWORD_FILE  the BotPassword file
# and WIKIGAPBOT_PASSWORD (+ WIKIGAPBOT_BOTPASSWORD_NAME) replaces the file (Toolforge).
import os as _os

family = 'meta'
mylang = 'meta'

# The campaign YAML's `account` fills this in at start; this is the fallback.
usernames['*']['*'] = _os.environ.get('WIKIGAPBOT_USER', 'WikiGapBot')

# Lines like: ('WikiGapBot', BotPassword('wikigapbot', 'the-generated-secret'))
password_file = _os.environ.get(
    'WIKIGAPBOT_PASSWORD_FILE',
    _os.path.expanduser('~/.config/wikigapbot/bot.password'))

# Polite defaults are kept on purpose: put_throttle (10 s between edits),
# minthrottle/maxthrottle and write_maxlag stay as pywikibot ships them.
user_agent_description = 'wikigapbot (WikiGap campaign statistics; Wikimedia Sverige)'
