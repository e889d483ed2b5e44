"""NukeViet's own table definitions for the tables the importer reads, per version.

Taken from the public repository ``nukeviet/nukeviet``: ``modules/news/action_mysql.php``
(tags 4.3.00, 4.5.05; branch ``nukeviet5``: ``src/modules/news/action_mysql.php``) and the
installer's ``install/action_mysql.php`` (``config``, ``counter``, ``<lang>_modules``). The
versions differ only in these columns: 4.3 has no ``tags.title``, no ``detail.keywords`` and
``detail.voicedata``, no ``cat.layout_func`` (and a ``detail.gid``); 5.x drops
``cat.layout_func`` and ``detail.voicedata`` again. Keys the importer does not need are left out.
"""

from __future__ import annotations

SHAPES = ("4.3", "4.5", "5")

GLOBAL = {
    "config": """(
  lang varchar(3) NOT NULL DEFAULT 'sys',
  module varchar(50) NOT NULL DEFAULT 'global',
  config_name varchar(30) NOT NULL DEFAULT '',
  config_value text,
  UNIQUE KEY lang (lang,module,config_name)
)""",
    "counter": """(
  c_type varchar(100) NOT NULL,
  c_val varchar(100) NOT NULL,
  last_update int(11) NOT NULL DEFAULT '0',
  c_count int(11) unsigned NOT NULL DEFAULT '0',
  vi_count int(11) unsigned NOT NULL DEFAULT '0',
  UNIQUE KEY c_type (c_type,c_val)
)""",
}
LANG = {
    "modules": """(
  title varchar(50) NOT NULL,
  module_file varchar(50) NOT NULL DEFAULT '',
  module_data varchar(50) NOT NULL DEFAULT '',
  custom_title varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (title)
)""",
}


def module_tables(shape: str) -> dict[str, str]:
    """The news module's tables (suffix -> definition) in NukeViet ``shape``."""
    layout = "" if shape in ("4.3", "5") else ("  layout_func varchar(100) NOT NULL DEFAULT '',\n")
    tags_title = "" if shape == "4.3" else "  title varchar(250) NOT NULL DEFAULT '',\n"
    detail_45 = (
        "  gid mediumint(8) NOT NULL default '0',\n"
        if shape == "4.3"
        else "  keywords varchar(255) default '',\n"
        + ("  voicedata text NULL DEFAULT NULL,\n" if shape == "4.5" else "")
    )
    return {
        "cat": f"""(
  catid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(5) unsigned NOT NULL DEFAULT '0',
  title varchar(250) NOT NULL,
  titlesite varchar(250) DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  description text,
  descriptionhtml text,
  image varchar(255) DEFAULT '',
  viewdescription tinyint(2) NOT NULL DEFAULT '0',
  weight smallint(5) unsigned NOT NULL DEFAULT '0',
  sort smallint(5) NOT NULL DEFAULT '0',
  lev smallint(5) NOT NULL DEFAULT '0',
  viewcat varchar(50) NOT NULL DEFAULT 'viewcat_page_new',
  numsubcat smallint(5) NOT NULL DEFAULT '0',
  subcatid varchar(255) DEFAULT '',
  numlinks tinyint(2) unsigned NOT NULL DEFAULT '3',
  newday tinyint(2) unsigned NOT NULL DEFAULT '2',
  featured int(11) NOT NULL DEFAULT '0',
  ad_block_cat varchar(255) NOT NULL DEFAULT '',
{layout}  keywords text,
  admins text,
  add_time int(11) unsigned NOT NULL DEFAULT '0',
  edit_time int(11) unsigned NOT NULL DEFAULT '0',
  groups_view varchar(255) DEFAULT '',
  status smallint(4) NOT NULL DEFAULT '1',
  PRIMARY KEY (catid),
  UNIQUE KEY alias (alias)
)""",
        "rows": """(
  id int(11) unsigned NOT NULL auto_increment,
  catid smallint(5) unsigned NOT NULL default '0',
  listcatid varchar(255) NOT NULL default '',
  topicid smallint(5) unsigned NOT NULL default '0',
  admin_id mediumint(8) unsigned NOT NULL default '0',
  author varchar(250) default '',
  sourceid mediumint(8) NOT NULL default '0',
  addtime int(11) unsigned NOT NULL default '0',
  edittime int(11) unsigned NOT NULL default '0',
  status tinyint(4) NOT NULL default '1',
  weight int(11) unsigned NOT NULL default '0',
  publtime int(11) unsigned NOT NULL default '0',
  exptime int(11) unsigned NOT NULL default '0',
  archive tinyint(1) unsigned NOT NULL default '0',
  title varchar(250) NOT NULL default '',
  alias varchar(250) NOT NULL default '',
  hometext text NOT NULL,
  homeimgfile varchar(255) default '',
  homeimgalt varchar(255) default '',
  homeimgthumb tinyint(4) NOT NULL default '0',
  inhome tinyint(1) unsigned NOT NULL default '0',
  allowed_comm varchar(255) default '',
  allowed_rating tinyint(1) unsigned NOT NULL default '0',
  external_link tinyint(1) unsigned NOT NULL default '0',
  hitstotal mediumint(8) unsigned NOT NULL default '0',
  hitscm mediumint(8) unsigned NOT NULL default '0',
  total_rating int(11) NOT NULL default '0',
  click_rating int(11) NOT NULL default '0',
  instant_active tinyint(1) NOT NULL default '0',
  instant_template varchar(100) NOT NULL default '',
  instant_creatauto tinyint(1) NOT NULL default '0',
  PRIMARY KEY (id)
)""",
        "detail": f"""(
  id int(11) unsigned NOT NULL,
  titlesite varchar(255) NOT NULL DEFAULT '',
  description text NOT NULL,
  bodyhtml longtext NOT NULL,
{detail_45}  sourcetext varchar(255) default '',
  files TEXT NULL,
  imgposition tinyint(1) NOT NULL default '1',
  layout_func varchar(100) DEFAULT '',
  copyright tinyint(1) NOT NULL default '0',
  allowed_send tinyint(1) NOT NULL default '0',
  allowed_print tinyint(1) NOT NULL default '0',
  allowed_save tinyint(1) NOT NULL default '0',
  PRIMARY KEY (id)
)""",
        "tags": f"""(
  tid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  numnews mediumint(8) NOT NULL DEFAULT '0',
{tags_title}  alias varchar(250) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '',
  description text,
  keywords varchar(255) DEFAULT '',
  PRIMARY KEY (tid),
  UNIQUE KEY alias (alias)
)""",
        "tags_id": """(
  id int(11) NOT NULL,
  tid mediumint(9) NOT NULL,
  keyword varchar(65) NOT NULL,
  UNIQUE KEY id_tid (id,tid)
)""",
        "sources": """(
  sourceid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL DEFAULT '',
  link varchar(255) DEFAULT '',
  logo varchar(255) DEFAULT '',
  weight mediumint(8) unsigned NOT NULL DEFAULT '0',
  add_time int(11) unsigned NOT NULL,
  edit_time int(11) unsigned NOT NULL,
  PRIMARY KEY (sourceid)
)""",
    }


def about_table(shape: str) -> str:
    """The about module's table (``<prefix>_<lang>_<module_data>``, NukeViet's "page" module):
    ``modules/page/action_mysql.php`` of early 4.x (``facebookappid`` and ``gid``, no
    ``imageposition``, ``hitstotal``, ``hot_post``) for "4.3"; as in the 4.5.05 fixture for
    "4.5"; branch ``nukeviet5``'s ``src/modules/page/action_mysql.php`` (``schema_type``
    added) for "5"."""
    older = shape == "4.3"
    columns = [
        "id mediumint(8) unsigned NOT NULL AUTO_INCREMENT",
        "title varchar(250) NOT NULL",
        "alias varchar(250) NOT NULL",
        "image varchar(255) DEFAULT ''",
        "imagealt varchar(255) DEFAULT ''",
        *([] if older else ["imageposition tinyint(1) unsigned NOT NULL DEFAULT '0'"]),
        "description text",
        "bodytext mediumtext NOT NULL",
        "keywords text",
        "socialbutton tinyint(4) NOT NULL DEFAULT '0'",
        *(
            ["facebookappid varchar(30) DEFAULT ''", "gid mediumint(9) NOT NULL DEFAULT '0'"]
            if older
            else []
        ),
        "weight smallint(4) NOT NULL DEFAULT '0'",
        "admin_id mediumint(8) unsigned NOT NULL DEFAULT '0'",
        "add_time int(11) NOT NULL DEFAULT '0'",
        "edit_time int(11) NOT NULL DEFAULT '0'",
        "status tinyint(1) unsigned NOT NULL DEFAULT '0'",
        *(
            []
            if older
            else [
                "hitstotal mediumint(8) unsigned NOT NULL DEFAULT '0'",
                "hot_post tinyint(1) unsigned NOT NULL DEFAULT '0'",
            ]
        ),
        *(["schema_type varchar(20) NOT NULL DEFAULT 'article'"] if shape == "5" else []),
        "PRIMARY KEY (id)",
        "UNIQUE KEY alias (alias)",
    ]
    return "(\n  " + ",\n  ".join(columns) + "\n)"
