/** The office's channels for objections and questions (configuration: web/src/config.ts or /config.json). */
import { runtimeConfig } from '../../config.ts';
import { Link, useTitle } from '../../lib/router.tsx';

export function ContactPage() {
  useTitle('异议与联系');
  const office = runtimeConfig().office;
  return (
    <>
      <h1>异议受理与联系方式</h1>
      {office.placeholder ? (
        <p className="alert warning" role="note">
          以下联系方式为配置示例，正式上线前由评选办在平台配置中填写。
        </p>
      ) : null}
      <section className="card">
        <h2>{office.name}</h2>
        <dl className="facts">
          <dt>联系电话</dt>
          <dd>{office.phone}</dd>
          <dt>通信地址</dt>
          <dd>{office.address}</dd>
          <dt>邮政编码</dt>
          <dd>{office.postcode}</dd>
          <dt>电子邮箱</dt>
          <dd>{office.email}</dd>
          <dt>受理时间</dt>
          <dd>{office.hours}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>如何提出异议</h2>
        <ol>
          <li>异议只能在公示期内提出，公示期以公示页面上的开始和截止时间（北京时间）为准。</li>
          <li>
            异议须实名：个人提供姓名、居民身份证号码和联系电话；单位提供单位名称、统一社会信用代码和联系电话。
          </li>
          <li>每件异议针对公示名单中的一个对象，写明事实和理由。</li>
          <li>评选办调查核实后作出“异议成立”或“异议不成立”的结论；异议成立的，取消该对象的公示资格。</li>
        </ol>
        <p>
          <Link to="/notices">前往公示公告，在线提出异议</Link>
        </p>
      </section>
    </>
  );
}
