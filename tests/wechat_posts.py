"""WeChat posts written for the tests (not taken from the corpus), in the corpus's shape."""

STORY = [
    "研究人员披露了某路由器固件中的命令注入漏洞，攻击者无需认证即可远程执行代码。",
    "厂商已发布修复版本，建议用户尽快升级，并关闭管理界面的公网访问。",
    "该漏洞影响多个型号，研究人员称已有攻击者在野利用这一漏洞。",
]


def post(title, paragraphs, byline="原创 张三  示例安全   2024-03-01 17:50", footer=()):
    """A post's Markdown: `#  title`, the byline, then paragraphs and footer blocks."""
    blocks = [*paragraphs, *footer]
    return f"#  {title}   \n{byline}  \n  \n" + "  \n  \n".join(blocks) + "  \n"


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
