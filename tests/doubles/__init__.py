"""Local doubles of services the tests cannot run, each speaking its real API over real HTTP."""
