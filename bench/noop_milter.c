/*
 * The floor of any milter: a libmilter program in C that receives what dlpmilter receives
 * (connect, MAIL, RCPT, every header, end of headers, the body) with the same no-reply
 * protocol options, looks at none of it, and accepts every message.
 *
 * The Postfix benchmark (bench/postfix.py) compiles it with the system's libmilter and runs it
 * beside dlpmilter, so the report can split the cost of a milter into what Postfix's milter
 * client and libmilter cost anyway and what dlpmilter adds on top.
 *
 * Build: cc -O2 -o noop_milter noop_milter.c -lmilter -lpthread
 * Run:   noop_milter unix:/path/to/socket
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmilter/mfapi.h>

static sfsistat on_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
                             unsigned long f3, unsigned long *pf0, unsigned long *pf1,
                             unsigned long *pf2, unsigned long *pf3)
{
    unsigned long wanted = SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_NR_CONN |
                           SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_EOH |
                           SMFIP_NR_BODY;
    (void)ctx; (void)f2; (void)f3;
    *pf0 = 0; /* no message edits */
    *pf1 = f1 & wanted;
    *pf2 = 0;
    *pf3 = 0;
    (void)f0;
    return SMFIS_CONTINUE;
}

static sfsistat on_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{ (void)ctx; (void)host; (void)addr; return SMFIS_CONTINUE; }

static sfsistat on_envfrom(SMFICTX *ctx, char **argv)
{ (void)ctx; (void)argv; return SMFIS_CONTINUE; }

static sfsistat on_envrcpt(SMFICTX *ctx, char **argv)
{ (void)ctx; (void)argv; return SMFIS_CONTINUE; }

static sfsistat on_header(SMFICTX *ctx, char *name, char *value)
{ (void)ctx; (void)name; (void)value; return SMFIS_CONTINUE; }

static sfsistat on_eoh(SMFICTX *ctx)
{ (void)ctx; return SMFIS_CONTINUE; }

static sfsistat on_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{ (void)ctx; (void)chunk; (void)len; return SMFIS_CONTINUE; }

static sfsistat on_eom(SMFICTX *ctx)
{ (void)ctx; return SMFIS_ACCEPT; }

int main(int argc, char **argv)
{
    struct smfiDesc desc;
    if (argc != 2) {
        fprintf(stderr, "usage: %s unix:/path/to/socket\n", argv[0]);
        return 2;
    }
    memset(&desc, 0, sizeof desc);
    desc.xxfi_name = "noop";
    desc.xxfi_version = SMFI_VERSION;
    desc.xxfi_connect = on_connect;
    desc.xxfi_envfrom = on_envfrom;
    desc.xxfi_envrcpt = on_envrcpt;
    desc.xxfi_header = on_header;
    desc.xxfi_eoh = on_eoh;
    desc.xxfi_body = on_body;
    desc.xxfi_eom = on_eom;
    desc.xxfi_negotiate = on_negotiate;
    if (smfi_setconn(argv[1]) == MI_FAILURE || smfi_register(desc) == MI_FAILURE) {
        fprintf(stderr, "noop_milter: cannot set up %s\n", argv[1]);
        return 1;
    }
    return smfi_main() == MI_SUCCESS ? 0 : 1;
}
