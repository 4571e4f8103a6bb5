<?xml version="1.0" encoding="UTF-8"?>
<!--
  ozg's ISO Schematron (queryBinding xslt/xslt2) to XSLT 2.0 compiler.

  Input: a Schematron schema (ISO/IEC 19757-3). Output: an XSLT stylesheet that, applied to a
  message with the message as global context item, returns a flat sequence of 8 items per
  finding (Saxon's "raw" result, no tree built):
    kind ('assert' or 'report'), id, flag, role, path, text, diagnostics text, context node
  The context node is returned itself, so that the caller can ask for its line and column.

  Steps, each a mode:
    ozg:include   sch:include (and sch:extends/@href) replaced by the referenced document's
                  element (or the one with the #fragment id), recursively, relative to the
                  base URI of the document that contains them;
    ozg:instance  abstract patterns dropped, pattern/@is-a instantiated: the abstract
                  pattern's content copied with each $param in the query attributes replaced
                  by the param's value;
    ozg:compile   the XSLT: one mode per active pattern, one template per non-abstract rule
                  with descending priority (first match per node and pattern), rule/@extends
                  expanded from abstract rules, let at schema, phase, pattern and rule level as
                  variables, sch:ns as namespace declarations, xsl:* children of the schema
                  (functions, keys) copied.
  Parameter `phase`: '#DEFAULT' (the schema's defaultPhase, else every pattern), '#ALL', or a
  phase id.
-->
<xsl:stylesheet version="2.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:sch="http://purl.oclc.org/dsdl/schematron"
                xmlns:ozg="urn:ozg:schematron"
                xmlns:axsl="urn:ozg:xsl-alias"
                exclude-result-prefixes="xs sch">

  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:output method="xml" indent="no" encoding="UTF-8"/>
  <xsl:param name="phase" select="'#DEFAULT'"/>

  <!-- Query attributes: where abstract-pattern parameters are substituted. -->
  <xsl:variable name="ozg:query-attributes"
                select="('context', 'test', 'select', 'path', 'value', 'subject', 'role', 'flag')"/>

  <xsl:template match="/">
    <xsl:variable name="included">
      <xsl:apply-templates select="*" mode="ozg:include"/>
    </xsl:variable>
    <xsl:variable name="instantiated">
      <xsl:apply-templates select="$included/*" mode="ozg:instance"/>
    </xsl:variable>
    <xsl:if test="not($instantiated/sch:schema)">
      <xsl:message terminate="yes">not an ISO Schematron schema (root element is not sch:schema)</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="$instantiated/sch:schema" mode="ozg:compile"/>
  </xsl:template>

  <!-- ===== step 1: includes ===== -->

  <xsl:template match="node() | @*" mode="ozg:include">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()" mode="ozg:include"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="sch:include | sch:extends[@href]" mode="ozg:include">
    <xsl:variable name="uri" select="resolve-uri(substring-before(concat(@href, '#'), '#'), base-uri(.))"/>
    <xsl:variable name="fragment" select="substring-after(@href, '#')"/>
    <xsl:variable name="doc" select="doc($uri)"/>
    <xsl:variable name="target"
                  select="if ($fragment != '') then ($doc//*[@id = $fragment])[1] else $doc/*"/>
    <xsl:if test="empty($target)">
      <xsl:message terminate="yes">include <xsl:value-of select="@href"/>: nothing to include</xsl:message>
    </xsl:if>
    <xsl:choose>
      <!-- extends href: the content of an external rule -->
      <xsl:when test="self::sch:extends">
        <xsl:apply-templates select="$target/node()" mode="ozg:include"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$target" mode="ozg:include"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== step 2: abstract patterns ===== -->

  <xsl:template match="node() | @*" mode="ozg:instance">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()" mode="ozg:instance"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="sch:pattern[@abstract = 'true']" mode="ozg:instance"/>

  <xsl:template match="sch:pattern[@is-a]" mode="ozg:instance">
    <xsl:variable name="abstract" select="(//sch:pattern[@abstract = 'true'][@id = current()/@is-a])[1]"/>
    <xsl:if test="empty($abstract)">
      <xsl:message terminate="yes">pattern is-a="<xsl:value-of select="@is-a"/>": no abstract pattern with that id</xsl:message>
    </xsl:if>
    <!-- Longest names first, so that $ab is not replaced inside $abc. -->
    <xsl:variable name="params" as="element(sch:param)*">
      <xsl:perform-sort select="sch:param">
        <xsl:sort select="string-length(@name)" data-type="number" order="descending"/>
      </xsl:perform-sort>
    </xsl:variable>
    <sch:pattern>
      <xsl:copy-of select="@id | @documents"/>
      <xsl:apply-templates select="$abstract/node()" mode="ozg:substitute">
        <xsl:with-param name="params" select="$params" tunnel="yes"/>
      </xsl:apply-templates>
    </sch:pattern>
  </xsl:template>

  <xsl:template match="node()" mode="ozg:substitute">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()" mode="ozg:substitute"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@*" mode="ozg:substitute">
    <xsl:param name="params" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="local-name() = $ozg:query-attributes and namespace-uri() = ''">
        <xsl:attribute name="{name()}" select="ozg:substitute(string(.), $params)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:copy/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="ozg:substitute" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="params" as="element(sch:param)*"/>
    <xsl:choose>
      <xsl:when test="empty($params)">
        <xsl:sequence select="$text"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="p" select="$params[1]"/>
        <xsl:variable name="replacement"
                      select="replace(replace(string($p/@value), '\\', '\\\\'), '\$', '\\\$')"/>
        <xsl:variable name="name" select="replace(string($p/@name), '([.\-])', '\\$1')"/>
        <xsl:sequence select="ozg:substitute(
            replace($text, concat('\$', $name, '([^\w.\-]|$)'), concat($replacement, '$1')),
            $params[position() gt 1])"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- ===== step 3: the XSLT ===== -->

  <xsl:template match="sch:schema" mode="ozg:compile">
    <xsl:variable name="phase-id"
                  select="if ($phase = '#DEFAULT') then (if (@defaultPhase) then string(@defaultPhase) else '#ALL') else $phase"/>
    <xsl:variable name="active-phase" select="sch:phase[@id = $phase-id]"/>
    <xsl:if test="$phase-id != '#ALL' and empty($active-phase)">
      <xsl:message terminate="yes">phase <xsl:value-of select="$phase-id"/> is not defined</xsl:message>
    </xsl:if>
    <xsl:variable name="patterns"
                  select="if ($phase-id = '#ALL') then sch:pattern
                          else sch:pattern[@id = $active-phase/sch:active/@pattern]"/>
    <axsl:stylesheet version="2.0">
      <xsl:for-each select="sch:ns">
        <xsl:namespace name="{@prefix}" select="string(@uri)"/>
      </xsl:for-each>
      <xsl:namespace name="ozg" select="'urn:ozg:schematron'"/>
      <xsl:namespace name="xs" select="'http://www.w3.org/2001/XMLSchema'"/>
      <axsl:output method="text" encoding="UTF-8"/>
      <xsl:copy-of select="xsl:*"/>
      <!-- Global lets: the schema's, the phase's, and those of the active patterns. -->
      <xsl:apply-templates select="sch:let | $active-phase/sch:let | $patterns/sch:let"
                           mode="ozg:let"/>
      <axsl:template match="/">
        <xsl:for-each select="$patterns">
          <axsl:apply-templates select="." mode="ozg:P{position()}"/>
        </xsl:for-each>
      </axsl:template>
      <xsl:for-each select="$patterns">
        <xsl:variable name="mode" select="concat('ozg:P', position())"/>
        <xsl:variable name="rules" select="sch:rule[not(@abstract = 'true')]"/>
        <xsl:for-each select="$rules">
          <axsl:template match="{@context}" mode="{$mode}" priority="{1000 + count($rules) - position()}">
            <xsl:apply-templates select="." mode="ozg:rule-body"/>
            <axsl:apply-templates select="@* | node()" mode="{$mode}"/>
          </axsl:template>
        </xsl:for-each>
        <axsl:template match="/ | @* | node()" mode="{$mode}" priority="-1000">
          <axsl:apply-templates select="@* | node()" mode="{$mode}"/>
        </axsl:template>
      </xsl:for-each>
      <!-- For a separate Saxon process (-it:ozg:lines): one line per finding. -->
      <axsl:template name="ozg:lines">
        <axsl:variable name="f" as="item()*">
          <axsl:apply-templates select="/"/>
        </axsl:variable>
        <axsl:for-each select="1 to count($f) idiv 8">
          <axsl:variable name="i" select="(. - 1) * 8"/>
          <axsl:value-of select="$f[$i + 1], $f[$i + 2], $f[$i + 5]" separator="&#9;"/>
          <axsl:text><xsl:text>&#10;</xsl:text></axsl:text>
        </axsl:for-each>
      </axsl:template>
      <axsl:function name="ozg:path" as="xs:string">
        <axsl:param name="n" as="node()"/>
        <axsl:sequence select="string-join(for $a in $n/ancestor-or-self::node()[not(self::document-node())] return ozg:step($a), '')"/>
      </axsl:function>
      <axsl:function name="ozg:step" as="xs:string">
        <axsl:param name="n" as="node()"/>
        <axsl:sequence select="if ($n instance of element()) then
            concat('/', local-name($n),
                   if (exists($n/(preceding-sibling::* | following-sibling::*)[node-name(.) eq node-name($n)]))
                   then concat('[', count($n/preceding-sibling::*[node-name(.) eq node-name($n)]) + 1, ']') else '')
          else if ($n instance of attribute()) then concat('/@', local-name($n))
          else if ($n instance of text()) then '/text()'
          else if ($n instance of comment()) then '/comment()'
          else '/processing-instruction()'"/>
      </axsl:function>
    </axsl:stylesheet>
  </xsl:template>

  <xsl:template match="sch:let" mode="ozg:let">
    <axsl:variable name="{@name}">
      <xsl:choose>
        <xsl:when test="@value">
          <xsl:attribute name="select" select="@value"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:copy-of select="node()"/>
        </xsl:otherwise>
      </xsl:choose>
    </axsl:variable>
  </xsl:template>

  <!-- The lets and checks of a rule, with those of the abstract rules it extends, in order. -->
  <xsl:template match="sch:rule" mode="ozg:rule-body">
    <xsl:param name="seen" select="()" as="xs:string*"/>
    <xsl:for-each select="sch:let | sch:assert | sch:report | sch:extends[@rule]">
      <xsl:choose>
        <xsl:when test="self::sch:let">
          <xsl:apply-templates select="." mode="ozg:let"/>
        </xsl:when>
        <xsl:when test="self::sch:extends">
          <xsl:variable name="base"
                        select="(/sch:schema//sch:rule[@abstract = 'true'][@id = current()/@rule])[1]"/>
          <xsl:if test="empty($base)">
            <xsl:message terminate="yes">extends rule="<xsl:value-of select="@rule"/>": no abstract rule with that id</xsl:message>
          </xsl:if>
          <xsl:if test="@rule = $seen">
            <xsl:message terminate="yes">extends rule="<xsl:value-of select="@rule"/>": circular</xsl:message>
          </xsl:if>
          <xsl:apply-templates select="$base" mode="ozg:rule-body">
            <xsl:with-param name="seen" select="($seen, string(@rule))"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="." mode="ozg:check"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="sch:assert | sch:report" mode="ozg:check">
    <xsl:variable name="rule" select="ancestor::sch:rule[1]"/>
    <axsl:if test="{if (self::sch:assert) then concat('not(', @test, ')') else @test}">
      <axsl:variable name="ozg:text">
        <xsl:apply-templates select="node()" mode="ozg:text"/>
      </axsl:variable>
      <axsl:variable name="ozg:diagnostics">
        <xsl:for-each select="tokenize(normalize-space(@diagnostics), ' ')">
          <xsl:variable name="d" select="($rule/ancestor::sch:schema//sch:diagnostic[@id = current()])[1]"/>
          <xsl:if test="empty($d)">
            <xsl:message terminate="yes">diagnostics="<xsl:value-of select="."/>": no such diagnostic</xsl:message>
          </xsl:if>
          <xsl:if test="position() gt 1"><axsl:text>; </axsl:text></xsl:if>
          <xsl:apply-templates select="$d/node()" mode="ozg:text"/>
        </xsl:for-each>
      </axsl:variable>
      <axsl:variable name="ozg:subject" as="node()">
        <xsl:choose>
          <xsl:when test="@subject">
            <axsl:sequence select="(({@subject}) , .)[1]"/>
          </xsl:when>
          <xsl:when test="$rule/@subject">
            <axsl:sequence select="(({$rule/@subject}) , .)[1]"/>
          </xsl:when>
          <xsl:otherwise>
            <axsl:sequence select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </axsl:variable>
      <axsl:sequence select="('{if (self::sch:assert) then 'assert' else 'report'}',
          '{ozg:literal(string((@id, $rule/@id, '')[1]))}',
          '{ozg:literal(string((@flag, $rule/@flag, '')[1]))}',
          '{ozg:literal(string((@role, $rule/@role, '')[1]))}',
          ozg:path($ozg:subject), normalize-space($ozg:text), normalize-space($ozg:diagnostics),
          $ozg:subject)"/>
    </axsl:if>
  </xsl:template>

  <!-- The text of an assertion or diagnostic, as instructions that build it. -->
  <xsl:template match="text()" mode="ozg:text">
    <axsl:text><xsl:value-of select="."/></axsl:text>
  </xsl:template>
  <xsl:template match="sch:value-of" mode="ozg:text">
    <axsl:value-of select="{@select}"/>
  </xsl:template>
  <xsl:template match="sch:name" mode="ozg:text">
    <axsl:value-of select="name({(@path, '.')[1]})"/>
  </xsl:template>
  <xsl:template match="*" mode="ozg:text">
    <xsl:apply-templates select="node()" mode="ozg:text"/>
  </xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="ozg:text"/>

  <!-- A string as the content of an XPath string literal in '...': quotes doubled. -->
  <xsl:function name="ozg:literal" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '''', '''''')"/>
  </xsl:function>

</xsl:stylesheet>
